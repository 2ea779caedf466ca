package io.kubegpt.trainer.tokenizer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes flat JSON objects whose values are strings or numbers: GPT-2's {@code vocab.json} and the
 * small metadata files beside it. Non-ASCII characters are written as {@code \\uXXXX}, as GPT-2's files are.
 */
public final class FlatJson {

    private FlatJson() {
    }

    /** One JSON object with the entries in their iteration order, one per line. */
    public static String write(Map<String, ?> entries) {
        StringBuilder out = new StringBuilder(entries.size() * 16).append('{');
        String separator = "\n  ";
        for (Map.Entry<String, ?> e : entries.entrySet()) {
            out.append(separator);
            separator = ",\n  ";
            quote(e.getKey(), out);
            out.append(": ");
            Object value = e.getValue();
            if (value instanceof Number) {
                out.append(value);
            } else {
                quote(String.valueOf(value), out);
            }
        }
        return out.append("\n}\n").toString();
    }

    /**
     * Parses a flat object: values come back as {@link String}, {@link Long} (integers) or {@link Double}.
     *
     * @throws IllegalArgumentException on anything else
     */
    public static Map<String, Object> read(String json) {
        return new Parser(json).object();
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> result = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                pos++;
            } else {
                do {
                    String key = string();
                    expect(':');
                    result.put(key, value());
                } while (next() == ',');
                pos--;
                expect('}');
            }
            if (peek() != 0) {
                throw error("trailing content");
            }
            return result;
        }

        private Object value() {
            if (peek() == '"') {
                return string();
            }
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String number = s.substring(start, pos);
            try {
                return number.matches("-?\\d+") ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw error("expected a string or a number");
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = pos < s.length() ? s.charAt(pos++) : 0;
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw error("bad escape");
                }
            }
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected '" + c + "'");
            }
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        /** The next non-blank character, or 0 at the end. */
        private char peek() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON at character " + pos + ": " + what);
        }
    }
}
