package io.kubegpt.trainer.pretrain;

import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.trainer.spec.SpecReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small GPTPretrain resources for tests: a 1-layer model on the sample corpus, trained in seconds. */
final class TinyJobs {

    private TinyJobs() {
    }

    static GPTPretrain pretrain(String... overrides) {
        List<String> all = new ArrayList<>(List.of("model.layers=1", "model.dModel=32", "model.heads=2",
                "model.ffn=128", "model.context=32", "tokenizer.vocabSize=300", "training.batchSize=8",
                "training.steps=20", "training.warmupSteps=5", "training.learningRate=0.003",
                "evaluation.everySteps=10", "evaluation.batches=2", "checkpoint.everySteps=10"));
        all.addAll(List.of(overrides));
        String yaml = "apiVersion: kubegpt.io/v1alpha1\nkind: GPTPretrain\nmetadata:\n  name: tiny-test\n";
        return SpecReader.pretrain(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test", all);
    }
}
