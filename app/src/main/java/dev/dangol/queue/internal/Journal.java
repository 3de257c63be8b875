package dev.dangol.queue.internal;

import dev.dangol.shared.Rejection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * An append-only file of entries written by one thread with group commit: every entry waiting when the writer comes
 * round goes out in one write and one {@code fdatasync}, and each caller is answered only once its entry is on disk.
 * An entry is {@code [length][CRC32C][payload]}; reading back stops at the first torn or corrupt entry (a crash in the
 * middle of a write) and cuts the file there. The entries waiting are bounded: a caller who finds no room is told to
 * retry ({@code BUSY}) before it changes anything.
 */
final class Journal implements AutoCloseable {

    static final int PENDING_MAX = 65_536;
    private static final int GROUP_ENTRIES_MAX = 8_192;
    private static final int ENTRY_BYTES_MAX = 64 << 20;
    private static final long RESERVE_WAIT_MILLIS = 2_000;
    private static final long WRITE_WAIT_MILLIS = 30_000;

    private record Pending(byte[] payload, CompletableFuture<Void> written) {}

    private final FileChannel channel;
    private final boolean sync;
    private final Semaphore room = new Semaphore(PENDING_MAX);
    private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;
    private volatile IOException failure;

    /**
     * Opens the journal for appending after {@link #replay} read it.
     *
     * @param sync force every group to the disk before answering (off only for measurements that do not need it)
     */
    Journal(Path file, boolean sync) {
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.position(channel.size());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the queue journal " + file, e);
        }
        this.sync = sync;
        this.writer = Thread.ofPlatform().name("dangol-queue-journal").daemon().start(this::write);
    }

    /**
     * Reads every whole entry of the file in order and cuts off a torn tail.
     *
     * @return entries read
     */
    static long replay(Path file, Consumer<ByteBuffer> apply) {
        if (!file.toFile().exists()) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer all = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            long entries = 0;
            long good = 0;
            while (all.remaining() >= 8) {
                int length = all.getInt();
                int crc = all.getInt();
                if (length < 0 || length > ENTRY_BYTES_MAX || length > all.remaining()) {
                    break;
                }
                ByteBuffer payload = all.slice(all.position(), length);
                CRC32C check = new CRC32C();
                check.update(payload.duplicate());
                if ((int) check.getValue() != crc) {
                    break;
                }
                apply.accept(payload);
                all.position(all.position() + length);
                good = all.position();
                entries++;
            }
            if (good < size) {
                channel.truncate(good);
                channel.force(true);
            }
            return entries;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the queue journal " + file, e);
        }
    }

    /**
     * Takes room for one entry, waiting a little if the writer is behind; call before changing anything, and give the
     * room back with {@link #unreserve} if no entry follows.
     */
    void reserve() {
        failIfBroken();
        try {
            if (!room.tryAcquire(RESERVE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
    }

    /** Takes room for one entry only if there is some at once. */
    boolean tryReserve() {
        return failure == null && room.tryAcquire();
    }

    void unreserve() {
        room.release();
    }

    /** Queues an entry for which room was reserved; the caller waits for it with {@link #await} outside its locks. */
    CompletableFuture<Void> append(byte[] payload) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        pending.add(new Pending(payload, written));
        return written;
    }

    /** Waits until the entry is on disk. */
    static void await(CompletableFuture<Void> written) {
        if (written == null) {
            return;
        }
        try {
            written.get(WRITE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } catch (ExecutionException | TimeoutException e) {
            throw Rejection.unavailable(
                    "QUEUE_STORE_UNAVAILABLE", "The waiting room cannot record this right now. Try again in a moment.");
        }
    }

    private void write() {
        List<Pending> group = new ArrayList<>();
        while (!closing || !pending.isEmpty()) {
            try {
                Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                pending.drainTo(group, GROUP_ENTRIES_MAX - 1);
                writeGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                room.release(group.size());
                group.clear();
            }
        }
    }

    private void writeGroup(List<Pending> group) {
        if (failure != null) {
            group.forEach(p -> p.written().completeExceptionally(failure));
            return;
        }
        try {
            int bytes = 0;
            for (Pending p : group) {
                bytes += 8 + p.payload().length;
            }
            ByteBuffer out = ByteBuffer.allocate(bytes);
            for (Pending p : group) {
                CRC32C crc = new CRC32C();
                crc.update(p.payload());
                out.putInt(p.payload().length).putInt((int) crc.getValue()).put(p.payload());
            }
            out.flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            if (sync) {
                channel.force(false);
            }
            group.forEach(p -> p.written().complete(null));
        } catch (IOException e) {
            // The file may now end in a torn entry; nothing more is written, so that reading back stops there.
            failure = e;
            group.forEach(p -> p.written().completeExceptionally(e));
        }
    }

    private void failIfBroken() {
        if (failure != null || closing) {
            throw Rejection.unavailable(
                    "QUEUE_STORE_UNAVAILABLE", "The waiting room cannot record anything right now. Try again later.");
        }
    }

    private static Rejection busy() {
        return Rejection.unavailable(
                "BUSY", "The waiting room is very busy. Try again in a moment: nothing was changed.");
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(WRITE_WAIT_MILLIS);
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the queue journal", e);
        }
    }

    /** Builds one entry's payload: a sequence of events of primitive fields. */
    static final class Entry {
        private byte[] bytes = new byte[64];
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        byte[] toBytes() {
            return Arrays.copyOf(bytes, size);
        }

        Entry put(byte b) {
            room(1);
            bytes[size++] = b;
            return this;
        }

        Entry putInt(int v) {
            room(4);
            ByteBuffer.wrap(bytes, size, 4).putInt(v);
            size += 4;
            return this;
        }

        Entry putLong(long v) {
            room(8);
            ByteBuffer.wrap(bytes, size, 8).putLong(v);
            size += 8;
            return this;
        }

        /** An ASCII text of at most 32,767 characters (ids, hex). */
        Entry putText(String text) {
            byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
            room(2 + ascii.length);
            ByteBuffer.wrap(bytes, size, 2).putShort((short) ascii.length);
            size += 2;
            System.arraycopy(ascii, 0, bytes, size, ascii.length);
            size += ascii.length;
            return this;
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    static String getText(ByteBuffer in) {
        byte[] ascii = new byte[in.getShort()];
        in.get(ascii);
        return new String(ascii, StandardCharsets.US_ASCII);
    }
}
