package io.ringway.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PNG charts drawn with XChart (headless AWT).
 */
public final class Charts
{
    /** Percentile spectrum x is capped at 6 nines (99.9999 %): the max lands there. */
    static final double MAX_NINES = 6.0;
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;

    private Charts()
    {
    }

    /**
     * Latency by percentile on the usual "nines" scale: x = log10(1 / (1 − q)), so 0 is the
     * 0th percentile, 1 is 90 %, 2 is 99 %, 3 is 99.9 % …; y in µs on a log scale. Writes nothing
     * when both histograms are empty.
     *
     * @return true when a file was written
     */
    public static boolean percentileSpectrum(final Path png, final String title, final Histogram intendedNs, final Histogram actualNs)
        throws IOException
    {
        final Map<String, Histogram> series = new LinkedHashMap<>();
        series.put("from intended send (CO-corrected)", intendedNs);
        series.put("from actual send", actualNs);
        return percentileSpectrum(png, title, series);
    }

    /** The same spectrum for any named histograms of nanoseconds (empty ones are left out). */
    public static boolean percentileSpectrum(final Path png, final String title, final Map<String, Histogram> series)
        throws IOException
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("percentile").yAxisTitle("latency (µs)").build();
        style(chart, false, true);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Charts::ninesLabel);
        chart.getStyler().setXAxisMin(0.0);
        boolean any = false;
        double maxNines = 1;
        for (final Map.Entry<String, Histogram> entry : series.entrySet())
        {
            if (entry.getValue().getTotalCount() == 0)
            {
                continue;
            }
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (final HistogramIterationValue value : entry.getValue().percentiles(5))
            {
                final double nines = nines(value.getPercentileLevelIteratedTo());
                x.add(nines);
                y.add(Math.max(0.1, value.getValueIteratedTo() / 1000.0));
                maxNines = Math.max(maxNines, nines);
            }
            final XYSeries line = chart.addSeries(entry.getKey(), x, y);
            line.setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (!any)
        {
            return false;
        }
        chart.getStyler().setXAxisMax(Math.ceil(maxNines));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }

    /** A plain multi-series line chart (sweeps). */
    public static void lines(
        final Path png, final String title, final String xTitle, final String yTitle, final double[] x,
        final Map<String, double[]> series, final boolean logX, final boolean logY) throws IOException
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart, logX, logY);
        for (final Map.Entry<String, double[]> entry : series.entrySet())
        {
            final double[] y = entry.getValue().clone();
            if (logY)
            {
                for (int i = 0; i < y.length; i++)
                {
                    y[i] = Math.max(0.1, y[i]);
                }
            }
            chart.addSeries(entry.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** log10(1 / (1 − q)) for a percentile level in percent, capped at {@link #MAX_NINES} for 100 %. */
    static double nines(final double percentile)
    {
        final double remaining = 1.0 - percentile / 100.0;
        return remaining <= Math.pow(10, -MAX_NINES) ? MAX_NINES : Math.log10(1.0 / remaining);
    }

    /** Tick label of a nines value: 0 → "0%", 1 → "90%", 3 → "99.9%"; blank between whole nines. */
    static String ninesLabel(final double nines)
    {
        final long whole = Math.round(nines);
        if (Math.abs(nines - whole) > 1e-6 || whole < 0)
        {
            return "";
        }
        if (whole == 0)
        {
            return "0%";
        }
        if (whole == 1)
        {
            return "90%";
        }
        return whole == 2 ? "99%" : "99." + "9".repeat((int)whole - 2) + "%";
    }

    private static void style(final XYChart chart, final boolean logX, final boolean logY)
    {
        final var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setXAxisLogarithmic(logX);
        styler.setYAxisLogarithmic(logY);
        styler.setYAxisDecimalPattern("#,##0.#");
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setPlotGridLinesVisible(true);
    }
}
