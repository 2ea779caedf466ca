package io.kubegpt.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh namespace of the test API server with an operator watching it for the tests of one class (registered with
 * {@code @RegisterExtension}), and what those tests do there: create jobs, play the kubelet, wait for pods and
 * statuses.
 */
public final class OperatorNamespace implements BeforeAllCallback, AfterAllCallback {

    private final String prefix;
    private final Duration timeout;
    private KubernetesClient client;
    private PodStatusWriter kubelet;
    private String namespace;
    private RunningOperator operator;

    public OperatorNamespace(String prefix, Duration timeout) {
        this.prefix = prefix;
        this.timeout = timeout;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        TestCluster cluster = TestCluster.get();
        client = cluster.client();
        kubelet = new PodStatusWriter(client);
        namespace = cluster.newNamespace(prefix);
        operator = RunningOperator.start(TestSettings.DEFAULT, namespace);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        operator.close();
    }

    public KubernetesClient client() {
        return client;
    }

    /** Writes pod statuses in place of a kubelet. */
    public PodStatusWriter kubelet() {
        return kubelet;
    }

    public String namespace() {
        return namespace;
    }

    public NonNamespaceOperation<Pod, PodList, PodResource> pods() {
        return client.pods().inNamespace(namespace);
    }

    public PodResource pod(String name) {
        return pods().withName(name);
    }

    public void create(GPTPretrain job) {
        job.getMetadata().setNamespace(namespace);
        client.resource(job).create();
    }

    /** The pod of that name once it exists and is not being deleted. */
    public Pod awaitPod(String name) {
        return await().atMost(timeout).until(() -> pod(name).get(),
                pod -> pod != null && pod.getMetadata().getDeletionTimestamp() == null);
    }

    /** The pod of that name once it is another than {@code old}. */
    public Pod awaitNewPod(String name, Pod old) {
        return await().atMost(timeout).until(() -> pod(name).get(),
                pod -> pod != null && !pod.getMetadata().getUid().equals(old.getMetadata().getUid()));
    }

    public void awaitGone(String name) {
        await().atMost(timeout).until(() -> pod(name).get() == null);
    }

    public GPTJobStatus awaitStatus(String name, Predicate<GPTJobStatus> condition) {
        return Jobs.awaitStatus(client, namespace, name, condition, timeout);
    }

    public static Condition condition(GPTJobStatus status, String type) {
        return status.getConditions() == null ? null
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    public static boolean hasTrue(GPTJobStatus status, String type) {
        Condition condition = condition(status, type);
        return condition != null && "True".equals(condition.getStatus());
    }

}
