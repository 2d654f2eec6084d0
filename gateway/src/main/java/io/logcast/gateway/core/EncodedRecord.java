package io.logcast.gateway.core;

/** A record already encoded as its {@code message} object: the same bytes go to every matching client. */
public record EncodedRecord(long offset, String key, byte[] frame) {}
