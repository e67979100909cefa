package io.aimengine.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Sha256Test {
  @Test
  void digestsTheStandardsTestVectors() {
    assertThat(hex(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
        .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }

  @Test
  void digestsWhatMessageDigestDigestsAtEveryLengthAroundTheBlockBoundaries() throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    for (int length = 0; length < 1200; length++) {
      byte[] data = new byte[length];
      for (int i = 0; i < length; i++) {
        data[i] = (byte) random.nextInt(256);
      }
      assertThat(Sha256.digest(data))
          .as("%d bytes", length)
          .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    }
  }

  private static String hex(String s) {
    return HexFormat.of().formatHex(Sha256.digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
