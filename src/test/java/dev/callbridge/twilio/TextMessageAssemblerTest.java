package dev.callbridge.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames become whole text messages; nothing grows past the limit; binary and oversize messages are refused once. */
class TextMessageAssemblerTest {
    private final List<String> events = new ArrayList<>();
    private final TextMessageAssembler assembler = new TextMessageAssembler(10, new TextMessageAssembler.Sink() {
        @Override
        public void text(byte[] bytes, int offset, int length) {
            events.add("text:" + new String(bytes, offset, length, UTF_8));
        }

        @Override
        public void tooBig(int bytesSoFar) {
            events.add("tooBig:" + bytesSoFar);
        }

        @Override
        public void binary(int firstFrameBytes) {
            events.add("binary:" + firstFrameBytes);
        }
    });

    private static ByteBuf bytes(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(UTF_8));
    }

    @Test
    void aWholeMessageIsReadFromTheFramesOwnBytesAtItsOffset() {
        ByteBuf framed = Unpooled.wrappedBuffer("xx{\"a\":1}".getBytes(UTF_8));
        framed.readerIndex(2);
        assembler.onText(framed, true);
        assertThat(events).containsExactly("text:{\"a\":1}");
    }

    @Test
    void fragmentsAreJoinedInOrder() {
        assembler.onText(bytes("ab"), false);
        assembler.onContinuation(bytes("cd"), false);
        assembler.onContinuation(bytes("é"), true);
        assembler.onText(bytes("next"), true);
        assertThat(events).containsExactly("text:abcdé", "text:next");
    }

    @Test
    void aMessageOverTheLimitInOneFrameIsRefused() {
        assembler.onText(bytes("12345678901"), true);
        assembler.onText(bytes("1234567890"), true);
        assertThat(events).containsExactly("tooBig:11", "text:1234567890");
    }

    @Test
    void fragmentsPastTheLimitAreRefusedOnceAndTheRestSkipped() {
        assembler.onText(bytes("123456"), false);
        assembler.onContinuation(bytes("789012"), false);
        assembler.onContinuation(bytes("more"), false);
        assembler.onContinuation(bytes("end"), true);
        assembler.onText(bytes("ok"), true);
        assertThat(events).containsExactly("tooBig:12", "text:ok");
    }

    @Test
    void aBinaryMessageIsRefusedOnceWithItsContinuationsSkipped() {
        assembler.onBinary(bytes("bin"), false);
        assembler.onContinuation(bytes("ary"), true);
        assembler.onText(bytes("ok"), true);
        assertThat(events).containsExactly("binary:3", "text:ok");
    }

    @Test
    void aNewTextMessageAbandonsAnUnfinishedOne() {
        assembler.onText(bytes("half"), false);
        assembler.onText(bytes("whole"), true);
        assembler.onContinuation(bytes("stray"), true);
        assertThat(events).containsExactly("text:whole");
    }

    @Test
    void aMessageExactlyAtTheLimitFromFragmentsIsDelivered() {
        assembler.onText(bytes("12345"), false);
        assembler.onContinuation(bytes("67890"), true);
        assertThat(events).containsExactly("text:1234567890");
    }
}
