package io.kubegpt.trainer.session;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** An output stream that passes the lines {@code keep} accepts to {@code target}, line by line. */
public final class LineFilter extends OutputStream {

    private final PrintStream target;
    private final Predicate<String> keep;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public LineFilter(PrintStream target, Predicate<String> keep) {
        this.target = target;
        this.keep = keep;
    }

    @Override
    public void write(int b) {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public void flush() {
        if (line.size() > 0) {
            emit();
        }
        target.flush();
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (keep.test(text)) {
            target.print(text);
        }
    }
}
