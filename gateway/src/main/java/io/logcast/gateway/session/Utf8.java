package io.logcast.gateway.session;

/** UTF-8 lengths without encoding: the size limit counts bytes, and most objects are ASCII. */
final class Utf8 {
  private Utf8() {}

  static int length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
