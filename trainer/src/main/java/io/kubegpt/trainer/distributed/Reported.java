package io.kubegpt.trainer.distributed;

import io.kubegpt.trainer.ExitCodes;

/** A failing rank's exit code and reason as it leaves them in the rendezvous store: {@code CODE:REASON}. */
record Reported(int exitCode, String reason) {

    static String encode(int exitCode, String reason) {
        return exitCode + ":" + reason;
    }

    /** A value without a code counts as an unexpected failure. */
    static Reported decode(String value) {
        int colon = value.indexOf(':');
        try {
            return new Reported(Integer.parseInt(value.substring(0, Math.max(colon, 0))), value.substring(colon + 1));
        } catch (NumberFormatException noCode) {
            return new Reported(ExitCodes.UNEXPECTED, value);
        }
    }
}
