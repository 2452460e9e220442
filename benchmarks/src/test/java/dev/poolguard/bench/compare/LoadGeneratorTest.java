package dev.poolguard.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readsExactlyOneKeepAliveAnswerAndLeavesTheNext() throws IOException {
        InputStream in = stream("HTTP/1.1 200 \r\nContent-Type: text/plain\r\ncontent-length: 9\r\n\r\nok 12345\n"
                + "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok");
        LoadGenerator.readResponse(in);
        LoadGenerator.readResponse(in);
        assertEquals(-1, in.read());
    }

    @Test
    void anErrorStatusIsAFailedRequest() {
        assertThrows(IOException.class, () -> LoadGenerator.readResponse(
                stream("HTTP/1.1 500 \r\nContent-Length: 0\r\n\r\n")));
    }

    @Test
    void aClosedConnectionIsAFailedRequest() {
        assertThrows(IOException.class, () -> LoadGenerator.readResponse(stream("HTTP/1.1 200 \r\nContent-Le")));
    }
}
