package io.kubegpt.trainer.data;

import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Tokenizes a corpus into its training and validation token files in one pass: the corpus is read in chunks on the
 * calling thread, the chunks are encoded on {@code threads} threads ({@link Workers}), and the ids are written in corpus
 * order. Memory stays bounded by the chunks in flight, whatever the corpus size. The SHA-256 of the text read comes
 * out with the files.
 */
final class CorpusEncoder {

    record Encoded(TokenFile train, TokenFile val, String contentSha256) {
    }

    private record Piece(int[] ids, boolean validation) {
    }

    private CorpusEncoder() {
    }

    static Encoded encode(CorpusStream corpus, long validationStart, BpeTokenizer tokenizer, TokenDType dtype,
                          Path trainFile, Path valFile, int threads) throws IOException {
        MessageDigest digest = Fingerprint.newSha256();
        ByteProgress progress = new ByteProgress("tokenizing the corpus", corpus.size());
        try (TokenFile.Writer train = new TokenFile.Writer(trainFile, dtype);
             TokenFile.Writer val = new TokenFile.Writer(valFile, dtype);
             Workers<Piece> workers = new Workers<>(threads,
                     piece -> (piece.validation() ? val : train).append(piece.ids()))) {
            corpus.chunks(validationStart, chunk -> {
                digest.update(chunk.bytes());
                progress.reached(chunk.start());
                boolean validation = chunk.start() >= validationStart;
                workers.submit(() -> new Piece(tokenizer.encode(chunk.text()), validation));
            });
            workers.drain();
            progress.done(corpus.size());
            return new Encoded(train.commit(), val.commit(), Fingerprint.hex(digest.digest()));
        }
    }
}
