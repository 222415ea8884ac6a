package dev.tasker.lambda.emulator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A plain Lambda function used to test the emulator itself: echoes the event, except that the event
 * {@code "throw"} makes it throw, {@code "exit"} makes the process exit with status 3, and
 * {@code "deadline"} returns the remaining time (ms) the runtime computed from the deadline header.
 * With environment variable {@code ECHO_FAIL_INIT} set, its constructor throws (an init error).
 */
public final class EchoFunction implements RequestStreamHandler {

    public EchoFunction() {
        if (System.getenv("ECHO_FAIL_INIT") != null) {
            throw new IllegalStateException("init failed on purpose: " + System.getenv("ECHO_FAIL_INIT"));
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        switch (new String(event, StandardCharsets.UTF_8)) {
            case "\"throw\"" -> throw new IllegalArgumentException("thrown on request");
            case "\"exit\"" -> Runtime.getRuntime().halt(3);
            case "\"deadline\"" -> output.write(Integer.toString(context.getRemainingTimeInMillis()).getBytes());
            default -> output.write(event);
        }
    }
}
