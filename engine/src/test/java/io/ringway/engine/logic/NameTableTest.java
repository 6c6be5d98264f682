package io.ringway.engine.logic;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NameTableTest
{
    private final UnsafeBuffer lookup = new UnsafeBuffer(new byte[70_000]);

    private static byte[] utf8(final String name)
    {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** Looks a name up from bytes placed at a non-zero offset in a buffer, as the engine does with a command. */
    private <V> V get(final NameTable<V> table, final byte[] name)
    {
        final int offset = 37;
        lookup.setMemory(0, 64, (byte)'x');
        lookup.putBytes(offset, name);
        lookup.setMemory(offset + name.length, 16, (byte)'y'); // bytes after the name must not matter
        return table.get(lookup, offset, name.length);
    }

    /** 2^blocks distinct names with identical 32-bit hashes: "Aa" and "BB" hash alike under 31*h+b. */
    private static List<byte[]> fullHashCollisions(final int blocks)
    {
        final List<byte[]> names = new ArrayList<>();
        for (int bits = 0; bits < (1 << blocks); bits++)
        {
            final StringBuilder name = new StringBuilder();
            for (int b = 0; b < blocks; b++)
            {
                name.append((bits & (1 << b)) != 0 ? "Aa" : "BB");
            }
            names.add(utf8(name.toString()));
        }
        return names;
    }

    @Test
    void shouldFindEveryNameWhenManyArePutIntoATableThatMustResize()
    {
        final NameTable<String> table = new NameTable<>(1);
        for (int i = 0; i < 5_000; i++)
        {
            final String name = "room-" + i;
            table.put(utf8(name), name);
            assertEquals(i + 1, table.size());
        }
        for (int i = 0; i < 5_000; i++)
        {
            assertEquals("room-" + i, get(table, utf8("room-" + i)));
        }
        assertNull(get(table, utf8("room-5000")));
        assertNull(get(table, utf8("room-")));
        assertNull(get(table, utf8("room-12345")));
    }

    @Test
    void shouldReturnNullWhenNameIsAbsentOrDiffersOnlyInLengthOrLastByte()
    {
        final NameTable<String> table = new NameTable<>(16);
        table.put(utf8("lobby"), "lobby");
        assertNull(get(table, utf8("lobb")));
        assertNull(get(table, utf8("lobbyy")));
        assertNull(get(table, utf8("lobbz")));
        assertNull(get(table, new byte[0]));
        assertEquals("lobby", get(table, utf8("lobby")));
    }

    @Test
    void shouldStoreEmptyAndNonAsciiNames()
    {
        final NameTable<String> table = new NameTable<>(4);
        table.put(new byte[0], "empty");
        table.put(utf8("çà-日本-\uD83D\uDE00"), "utf8");
        table.put(new byte[]{(byte)0xFF, (byte)0x80, 0}, "high");
        assertEquals("empty", get(table, new byte[0]));
        assertEquals("utf8", get(table, utf8("çà-日本-\uD83D\uDE00")));
        assertEquals("high", get(table, new byte[]{(byte)0xFF, (byte)0x80, 0}));
        assertEquals(NameTable.hash(new byte[]{(byte)0xFF, (byte)0x80, 0}), NameTable.hash(new UnsafeBuffer(new byte[]{(byte)0xFF, (byte)0x80, 0}), 0, 3));
    }

    @Test
    void shouldCompareNamesAlikeInAWrappedSliceOfAnArrayAndOffHeap()
    {
        final byte[] backing = utf8("xxlobbyyy");
        final UnsafeBuffer slice = new UnsafeBuffer(backing, 2, 5); // wrapAdjustment 2: "lobby" at 0
        final UnsafeBuffer offHeap = new UnsafeBuffer(ByteBuffer.allocateDirect(16));
        offHeap.putBytes(3, utf8("lobby"));
        for (final var buffer : List.of(slice, offHeap))
        {
            final int at = buffer == slice ? 0 : 3;
            assertTrue(NameTable.equals(utf8("lobby"), buffer, at, 5));
            assertFalse(NameTable.equals(utf8("lobbz"), buffer, at, 5));
            assertFalse(NameTable.equals(utf8("lobb"), buffer, at, 5));
        }
        assertFalse(NameTable.equals(utf8("xxlob"), slice, 0, 5), "must compare from the slice's start, not the array's");
        assertThrows(IndexOutOfBoundsException.class, () -> NameTable.equals(utf8("lobbyy"), slice, 0, 6));
    }

    @Test
    void shouldHashTheSameFromArrayAndFromBuffer()
    {
        final byte[] name = utf8("some-user@example");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[100]);
        buffer.putBytes(11, name);
        assertEquals(NameTable.hash(name), NameTable.hash(buffer, 11, name.length));
    }

    @Test
    void shouldKeepEveryEntryFindableWhenFullHashCollisionsAreRemovedInAnyOrder()
    {
        final List<byte[]> names = fullHashCollisions(6); // 64 names, one hash
        final int hash = NameTable.hash(names.get(0));
        for (final byte[] name : names)
        {
            assertEquals(hash, NameTable.hash(name), "test names must collide fully");
        }
        final NameTable<byte[]> table = new NameTable<>(1);
        for (final byte[] name : names)
        {
            table.put(name, name);
        }
        assertEquals(64, table.size());
        for (final byte[] name : names)
        {
            assertSame(name, get(table, name));
        }

        // Remove from the middle of the probe chain first, then the head, then the rest.
        final int[] order = new int[64];
        int n = 0;
        for (int i = 31; i >= 0; i -= 2)
        {
            order[n++] = i;
        }
        for (int i = 0; i < 32; i += 2)
        {
            order[n++] = i;
        }
        for (int i = 32; i < 64; i++)
        {
            order[n++] = i;
        }
        final boolean[] removed = new boolean[64];
        for (final int index : order)
        {
            assertSame(names.get(index), table.remove(names.get(index)));
            removed[index] = true;
            for (int i = 0; i < 64; i++)
            {
                if (removed[i])
                {
                    assertNull(get(table, names.get(i)), "removed name " + i);
                }
                else
                {
                    assertSame(names.get(i), get(table, names.get(i)), "remaining name " + i + " after removing " + index);
                }
            }
        }
        assertEquals(0, table.size());
    }

    @Test
    void shouldReturnRemovedValueOnceAndNullWhenNameIsAbsent()
    {
        final NameTable<String> table = new NameTable<>(8);
        table.put(utf8("a"), "A");
        table.put(utf8("b"), "B");
        assertNull(table.remove(utf8("c")));
        assertEquals(2, table.size());
        assertEquals("A", table.remove(utf8("a")));
        assertNull(table.remove(utf8("a")));
        assertEquals(1, table.size());
        assertEquals("B", get(table, utf8("b")));
        table.put(utf8("a"), "A2");
        assertEquals("A2", get(table, utf8("a")));
        assertEquals(2, table.size());
    }

    @Test
    void shouldAgreeWithHashMapWhenManyPutsAndRemovesInterleaveInASmallTable()
    {
        // Names drawn from a small pool in a 16-slot-then-growing table: long probe clusters that wrap
        // around the end of the arrays, and removals from every position of a cluster.
        final Random random = new Random(42);
        final NameTable<String> table = new NameTable<>(1);
        final Map<String, String> model = new HashMap<>();
        final List<String> pool = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            pool.add(i % 3 == 0 ? "u" + i : (i % 3 == 1 ? "room/" + (i * 7919) : new String(new char[i % 17]).replace('\0', 'z') + i));
        }
        for (final byte[] collision : fullHashCollisions(4))
        {
            pool.add(new String(collision, StandardCharsets.UTF_8));
        }
        for (int op = 0; op < 20_000; op++)
        {
            final String name = pool.get(random.nextInt(pool.size()));
            if (model.containsKey(name))
            {
                assertEquals(model.remove(name), table.remove(utf8(name)));
            }
            else
            {
                final String value = name + "#" + op;
                model.put(name, value);
                table.put(utf8(name), value);
            }
            assertEquals(model.size(), table.size());
            if (op % 97 == 0 || op > 19_800)
            {
                for (final String candidate : pool)
                {
                    assertEquals(model.get(candidate), get(table, utf8(candidate)), "after op " + op + ": " + candidate);
                }
            }
        }
    }

    @Test
    void shouldKeepEntriesWhenTableResizesAfterRemovals()
    {
        final NameTable<Integer> table = new NameTable<>(1);
        for (int i = 0; i < 8; i++)
        {
            table.put(utf8("n" + i), i);
        }
        for (int i = 0; i < 8; i += 2)
        {
            assertEquals(i, table.remove(utf8("n" + i)));
        }
        for (int i = 8; i < 1_000; i++)
        {
            table.put(utf8("n" + i), i);
        }
        assertEquals(996, table.size());
        for (int i = 0; i < 1_000; i++)
        {
            if (i < 8 && i % 2 == 0)
            {
                assertNull(get(table, utf8("n" + i)));
            }
            else
            {
                assertEquals(i, get(table, utf8("n" + i)));
            }
        }
    }
}
