package io.edgeobs.model.codec;

/** A Kafka record value that does not follow the Confluent wire format. */
public class FramingException extends DecodeException {

    public FramingException(String message) {
        super(message);
    }
}
