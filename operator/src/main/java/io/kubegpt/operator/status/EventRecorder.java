package io.kubegpt.operator.status;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Kubernetes events on a job, as {@code kubectl describe} shows them. An event that cannot be written is logged. */
public final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final String COMPONENT = "kubegpt-operator";

    private final KubernetesClient client;

    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    public void normal(HasMetadata job, String reason, String message) {
        record(job, "Normal", reason, message, UUID.randomUUID().toString().substring(0, 13));
    }

    public void warning(HasMetadata job, String reason, String message) {
        record(job, "Warning", reason, message, UUID.randomUUID().toString().substring(0, 13));
    }

    /**
     * A warning about a state every reconcile pass sees again, recorded once: its name derives from the job's UID,
     * the reason and the message, so the API server refuses the same warning again until its event TTL (an hour by
     * default) has removed the first.
     */
    public void warningOnce(HasMetadata job, String reason, String message) {
        record(job, "Warning", reason, message, digest(job.getMetadata().getUid() + "/" + reason + "/" + message));
    }

    private void record(HasMetadata job, String type, String reason, String message, String suffix) {
        String now = Instant.now().toString();
        Event event = new EventBuilder()
                .withNewMetadata().withNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName() + "." + suffix)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(job.getApiVersion())
                        .withKind(job.getKind()).withName(job.getMetadata().getName())
                        .withNamespace(job.getMetadata().getNamespace()).withUid(job.getMetadata().getUid())
                        .withResourceVersion(job.getMetadata().getResourceVersion()).build())
                .withType(type).withReason(reason).withMessage(message)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(job.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return; // recorded once already
            }
            LOG.warnf("could not record event %s on %s/%s: %s", reason, job.getMetadata().getNamespace(),
                    job.getMetadata().getName(), e.getMessage());
        }
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
