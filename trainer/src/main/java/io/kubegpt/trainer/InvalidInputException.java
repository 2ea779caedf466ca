package io.kubegpt.trainer;

import io.kubegpt.api.v1alpha1.validation.FieldError;

/**
 * Input that no retry can fix: a missing file, a value out of range, a corpus too small for the context.
 * The CLI turns it into its exit code ({@link ExitCodes}) and one line naming {@link #field()}.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public InvalidInputException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** Throws the spec's own error, found only when the trainer knows the sizes it names. */
    public static void raise(FieldError error) {
        throw new InvalidInputException(error.field(), error.message());
    }

    /** The spec field or CLI argument at fault, e.g. {@code spec.model.heads} or {@code --checkpoint}. */
    public String field() {
        return field;
    }
}
