import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * How late a thread blocked in a loopback socket read wakes: a platform thread writes one byte every
 * 5 ms and notes the time just before each write; the reader, a platform or a virtual thread, notes
 * the time its read returned. For a virtual thread that wake goes through the JDK's I/O poller, whose
 * kind {@code -Djdk.pollerMode} chooses (1: platform threads; 2: virtual threads, JDK 25's default
 * on Linux). Usage: PollerWake platform|virtual READS.
 */
public class PollerWake {
  public static void main(String[] args) throws Exception {
    boolean virtual = args[0].equals("virtual");
    int n = Integer.parseInt(args[1]);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      client.setTcpNoDelay(true);
      peer.setTcpNoDelay(true);
      InputStream in = client.getInputStream();
      OutputStream out = peer.getOutputStream();
      long[] wrote = new long[n];
      long[] read = new long[n];
      Runnable reader =
          () -> {
            byte[] b = new byte[64];
            try {
              for (int i = 0; i < n; ) {
                int k = in.read(b);
                long t = System.nanoTime();
                for (int j = 0; j < k; j++) {
                  read[i++] = t; // writes that arrived together were read together
                }
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          };
      Thread r = virtual ? Thread.ofVirtual().start(reader) : Thread.ofPlatform().start(reader);
      for (int i = 0; i < n; i++) {
        LockSupport.parkNanos(5_000_000);
        wrote[i] = System.nanoTime();
        out.write(1);
      }
      r.join();
      double[] us = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        us[i] = (read[i] - wrote[i]) / 1e3;
        sum += us[i];
      }
      Arrays.sort(us);
      System.out.printf(
          "%-8s reader, jdk.pollerMode=%s, %d reads: woken after mean %.0f µs, p50 %.0f, p90 %.0f,"
              + " p99 %.0f, max %.0f%n",
          args[0], System.getProperty("jdk.pollerMode", "default"), n, sum / n, us[n / 2],
          us[n * 9 / 10], us[n * 99 / 100], us[n - 1]);
    }
  }
}
