package dev.callbridge.engine.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The end carries the finish reason and, when the server sent its usage chunk, the token counts. */
class UsageAndFinishReasonTest {
    private final ChatModelFixture f = new ChatModelFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void theUsageChunkAfterTheFinishIsInTheEnd() throws Exception {
        f.fake.enqueue(FakeChatCompletions.Reply.stream(11).text("Sure.").finish("stop").usage(31, 2));
        ChatEnd end = f.start(ChatModelFixture.hello(), List.of()).recorder().ended.get(5, TimeUnit.SECONDS);
        assertThat(end).isEqualTo(new ChatEnd(ChatEnd.FinishReason.STOP, "stop", new ChatEnd.Usage(31, 2, 33)));
    }

    @Test
    void noUsageChunkMeansNoUsage() throws Exception {
        f.fake.enqueue(FakeChatCompletions.Reply.stream(12).text("Sure.").finish("stop"));
        ChatEnd end = f.start(ChatModelFixture.hello(), List.of()).recorder().ended.get(5, TimeUnit.SECONDS);
        assertThat(end.usage()).isNull();
    }

    @Test
    void lengthAndUnknownReasonsAreTold() throws Exception {
        f.fake.enqueue(FakeChatCompletions.Reply.stream(13).text("And then").finish("length").usage(10, 256));
        f.fake.enqueue(FakeChatCompletions.Reply.stream(14).text("Hm").finish("eos_token"));
        ChatEnd cut = f.start(ChatModelFixture.hello(), List.of()).recorder().ended.get(5, TimeUnit.SECONDS);
        ChatEnd odd = f.start(ChatModelFixture.hello(), List.of()).recorder().ended.get(5, TimeUnit.SECONDS);
        assertThat(cut.reason()).isEqualTo(ChatEnd.FinishReason.LENGTH);
        assertThat(cut.usage().completionTokens()).isEqualTo(256);
        assertThat(odd.reason()).isEqualTo(ChatEnd.FinishReason.OTHER);
        assertThat(odd.rawReason()).isEqualTo("eos_token");
    }

    @Test
    void aFinishedTurnWithoutDoneStillEnds() throws Exception {
        // Some compatible servers close the body after the finish chunk and never send [DONE].
        f.fake.enqueue(FakeChatCompletions.Reply.stream(15).text("Bye.").finish("stop").withoutDone());
        ChatEnd end = f.start(ChatModelFixture.hello(), List.of()).recorder().ended.get(5, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(ChatEnd.FinishReason.STOP);
    }
}
