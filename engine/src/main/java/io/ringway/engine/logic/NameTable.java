package io.ringway.engine.logic;

import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Open-addressing map from a UTF-8 name to a value, looked up straight from bytes in a buffer so
 * a command's room or user name never becomes a String. Linear probing with backward-shift
 * deletion (no tombstones). Single-threaded, like all engine state.
 */
final class NameTable<V>
{
    private byte[][] keys;
    private Object[] values;
    private int[] hashes;
    private int size;
    private int mask;

    NameTable(final int initialCapacity)
    {
        int capacity = 16;
        while (capacity < initialCapacity * 2)
        {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    int size()
    {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(final DirectBuffer buffer, final int offset, final int length)
    {
        final int hash = hash(buffer, offset, length);
        int index = hash & mask;
        byte[] key;
        while ((key = keys[index]) != null)
        {
            if (hashes[index] == hash && equals(key, buffer, offset, length))
            {
                return (V)values[index];
            }
            index = (index + 1) & mask;
        }
        return null;
    }

    /** Inserts a name known to be absent. */
    void put(final byte[] name, final V value)
    {
        if ((size + 1) * 2 > keys.length)
        {
            resize();
        }
        insert(name, hash(name), value);
        size++;
    }

    V remove(final byte[] name)
    {
        final int hash = hash(name);
        int index = hash & mask;
        byte[] key;
        while ((key = keys[index]) != null)
        {
            if (hashes[index] == hash && Arrays.equals(key, name))
            {
                @SuppressWarnings("unchecked") final V removed = (V)values[index];
                keys[index] = null;
                values[index] = null;
                size--;
                shiftBack(index);
                return removed;
            }
            index = (index + 1) & mask;
        }
        return null;
    }

    /** Every value, in slot order: for snapshots only, where the order does not reach the output. */
    @SuppressWarnings("unchecked")
    void forEachValue(final Consumer<? super V> action)
    {
        final Object[] values = this.values;
        for (int i = 0; i < values.length; i++)
        {
            if (values[i] != null)
            {
                action.accept((V)values[i]);
            }
        }
    }

    private void shiftBack(final int freed)
    {
        int gap = freed;
        int index = (gap + 1) & mask;
        while (keys[index] != null)
        {
            final int home = hashes[index] & mask;
            // Move the entry into the gap when its home slot is not between the gap and it (cyclically).
            if (((index - home) & mask) >= ((index - gap) & mask))
            {
                keys[gap] = keys[index];
                values[gap] = values[index];
                hashes[gap] = hashes[index];
                keys[index] = null;
                values[index] = null;
                gap = index;
            }
            index = (index + 1) & mask;
        }
    }

    private void insert(final byte[] name, final int hash, final Object value)
    {
        int index = hash & mask;
        while (keys[index] != null)
        {
            index = (index + 1) & mask;
        }
        keys[index] = name;
        values[index] = value;
        hashes[index] = hash;
    }

    /**
     * Grows the table, once, to hold {@code expectedSize} names. Call it before inserting many names in
     * another table's slot order (a snapshot): inserted into a smaller table in that order, they cluster and
     * linear probing goes quadratic.
     */
    void ensureCapacity(final int expectedSize)
    {
        int capacity = keys.length;
        while (expectedSize * 2L > capacity)
        {
            capacity <<= 1;
        }
        if (capacity != keys.length)
        {
            rehash(capacity);
        }
    }

    private void resize()
    {
        rehash(keys.length * 2);
    }

    private void rehash(final int capacity)
    {
        final byte[][] oldKeys = keys;
        final Object[] oldValues = values;
        final int[] oldHashes = hashes;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldKeys[i] != null)
            {
                insert(oldKeys[i], oldHashes[i], oldValues[i]);
            }
        }
    }

    private void allocate(final int capacity)
    {
        keys = new byte[capacity][];
        values = new Object[capacity];
        hashes = new int[capacity];
        mask = capacity - 1;
    }

    static int hash(final DirectBuffer buffer, final int offset, final int length)
    {
        int h = 1;
        for (int i = 0; i < length; i++)
        {
            h = 31 * h + buffer.getByte(offset + i);
        }
        return mix(h);
    }

    static int hash(final byte[] name)
    {
        int h = 1;
        for (final byte b : name)
        {
            h = 31 * h + b;
        }
        return mix(h);
    }

    private static int mix(final int h)
    {
        final int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    /**
     * Whether {@code length} bytes at {@code offset} are {@code key}. Commands arrive in heap buffers:
     * for those one intrinsic range compare instead of a loop of bounds-checked {@code getByte} calls
     * through the buffer interface (a profile's ninth of the engine thread sat here either way: it is
     * the first touch of the command's name, a memory stall).
     */
    static boolean equals(final byte[] key, final DirectBuffer buffer, final int offset, final int length)
    {
        if (key.length != length)
        {
            return false;
        }
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            buffer.boundsCheck(offset, length);
            final int from = buffer.wrapAdjustment() + offset;
            return Arrays.equals(key, 0, length, array, from, from + length);
        }
        for (int i = 0; i < length; i++)
        {
            if (key[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }
}
