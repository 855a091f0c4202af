package com.propertyhub.realtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameOutputTest {

    @Test
    void aChunkIsTheSizeInHexCrlfTheFrameAndCrlf() {
        assertArrayEquals("7\r\n: ping\n\r\n".getBytes(StandardCharsets.US_ASCII),
                FrameOutput.chunk(": ping\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theSizeHasAsManyHexDigitsAsItNeeds() {
        for (int size : new int[] {1, 9, 10, 15, 16, 255, 256, 4095, 4096, 65535, 65536, 1 << 20}) {
            byte[] frame = new byte[size];
            Arrays.fill(frame, (byte) 'x');
            byte[] chunk = FrameOutput.chunk(frame);
            String hex = Integer.toHexString(size);
            assertEquals(hex + "\r\n", new String(chunk, 0, hex.length() + 2, StandardCharsets.US_ASCII), "size "
                    + size);
            assertEquals(hex.length() + 2 + size + 2, chunk.length, "size " + size);
            assertEquals('\r', chunk[chunk.length - 2]);
            assertEquals('\n', chunk[chunk.length - 1]);
            assertEquals('x', chunk[hex.length() + 2 + size - 1]);
        }
    }
}
