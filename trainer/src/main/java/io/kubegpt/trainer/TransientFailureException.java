package io.kubegpt.trainer;

/**
 * A failure that outlasted the retries made in-process but may well pass later: a server answering 503 or 429
 * for minutes, a network that keeps dropping the connection. The CLI exits with its code ({@link ExitCodes}),
 * which the operator retries like any failure other than invalid input.
 */
public class TransientFailureException extends RuntimeException {

    public TransientFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
