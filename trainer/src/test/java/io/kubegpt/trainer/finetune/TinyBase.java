package io.kubegpt.trainer.finetune;

import io.kubegpt.trainer.pretrain.PretrainRun;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.SpecReader;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A base for fine-tunes: a GPT of {@code layers} blocks of width 32 pre-trained for ten steps, quietly. */
public final class TinyBase {

    private TinyBase() {
    }

    public static Path pretrain(Path folder, int layers) {
        String yaml = "apiVersion: kubegpt.io/v1alpha1\nkind: GPTPretrain\nmetadata:\n  name: base\n";
        List<String> overrides = List.of("model.layers=" + layers, "model.dModel=32", "model.heads=2",
                "model.ffn=64", "model.context=32", "tokenizer.vocabSize=300", "training.batchSize=8",
                "training.steps=10", "training.warmupSteps=2", "training.learningRate=0.003",
                "evaluation.everySteps=10", "evaluation.batches=1", "checkpoint.everySteps=10");
        new PretrainRun(SpecReader.pretrain(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test",
                overrides), new PretrainRun.Options(folder, false),
                new RunReport(folder, new PrintStream(OutputStream.nullOutputStream()), 1)).run();
        return folder;
    }
}
