package io.ringway.bench.jmh;

import org.openjdk.jmh.annotations.Fork;

/**
 * Every benchmark extends this so its forked JVMs get the flags Chronicle Queue and Agrona need
 * on Java 17+ (JMH annotations are inherited).
 */
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-Dchronicle.announcer.disable=true",
    "-Xms1g", "-Xmx1g"})
public abstract class JvmFlags
{
}
