package io.kubegpt.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.operator.reconciler.FinetuneKind;
import io.kubegpt.operator.testing.Helm;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.TestSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every pod the operator creates, and the chart's operator pod, against the Pod Security Standards' {@code restricted}
 * profile (which includes {@code baseline}), field by field as the standard lists them: what a namespace labelled
 * {@code pod-security.kubernetes.io/enforce: restricted} admits. The API server of the test tiers (1.20) has no Pod
 * Security admission, so the rules are checked here.
 */
class PodSecurityTest {

    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range");
    private static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t");

    @Test
    void everyTrainerPodMeetsTheRestrictedProfile() {
        TrainingJob cpu = TrainerPodTest.view(Jobs.with(Jobs.tiny("gpt"), Map.of("workers.replicas", 2,
                "data.claimName", "corpora", "data.path", "/books")));
        TrainingJob gpu = TrainerPodTest.view(Jobs.with(Jobs.tiny("gpu"), Map.of("workers.replicas", 2,
                "workers.gpusPerWorker", 4, "training.batchSize", 8)));
        GPTFinetune finetune = Jobs.classification("ft", "tiny");
        finetune.getMetadata().setNamespace("ml");
        finetune.getMetadata().setUid("uid-2");
        TrainingJob tuned = new FinetuneKind().view(finetune, TestSettings.DEFAULT)
                .withBase(new BaseModel("tiny-checkpoints", "/base/tiny/checkpoints/step-00000060", "tiny"));

        Map<String, PodSpec> pods = new LinkedHashMap<>();
        for (TrainingJob job : List.of(cpu, gpu, tuned)) {
            WorkerPod.all(job).forEach(worker -> pods.put(worker.name(job), worker.desired(job).getSpec()));
        }
        pods.put("gpt-prepare", new PreparationPod().desired(cpu).getSpec());

        assertThat(pods.keySet()).containsExactly("gpt-worker-0", "gpt-worker-1", "gpu-worker-0", "gpu-worker-1",
                "ft-worker-0", "gpt-prepare");
        pods.forEach((name, spec) -> assertThat(violations(spec)).as(name).isEmpty());
    }

    @Test
    void theChartsOperatorPodMeetsTheRestrictedProfile() {
        Helm.Result result = Helm.helm("template", "kubegpt", Helm.CHART.toString(), "--namespace", "kubegpt-system");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<HasMetadata> objects = Serialization.unmarshal(new ByteArrayInputStream(
                result.stdout().getBytes(StandardCharsets.UTF_8)));
        Deployment operator = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();

        assertThat(violations(operator.getSpec().getTemplate().getSpec())).isEmpty();
    }

    @Test
    void theCheckFindsEachKindOfViolation() {
        PodSpec spec = new WorkerPod(0).desired(TrainerPodTest.view(Jobs.tiny("bad"))).getSpec();
        spec.setHostNetwork(true);
        spec.getSecurityContext().setRunAsNonRoot(null);
        spec.getSecurityContext().setSeccompProfile(new SeccompProfile(null, "Unconfined"));
        Container container = spec.getContainers().get(0);
        container.getSecurityContext().setPrivileged(true);
        container.getSecurityContext().setAllowPrivilegeEscalation(null);
        container.getSecurityContext().setCapabilities(new Capabilities(List.of("SYS_ADMIN"), List.of()));
        container.getPorts().add(new ContainerPort(80, null, 80, "http", "TCP"));
        spec.getVolumes().add(new VolumeBuilder().withName("host")
                .withNewHostPath().withPath("/").endHostPath().build());

        assertThat(violations(spec)).containsExactlyInAnyOrder(
                "spec.hostNetwork is true",
                "volume host: hostPath is not allowed",
                "container trainer: privileged is true",
                "container trainer: capability SYS_ADMIN is added",
                "container trainer: hostPort 80",
                "container trainer: allowPrivilegeEscalation is not false",
                "container trainer: runAsNonRoot is not true (nor on the pod)",
                "container trainer: capabilities.drop lacks ALL",
                "spec.securityContext: seccompProfile is Unconfined",
                "container trainer: seccompProfile is not RuntimeDefault or Localhost (nor on the pod)");
    }

    /** What the {@code restricted} profile refuses in {@code spec}, one line per field. */
    static List<String> violations(PodSpec spec) {
        List<String> found = new ArrayList<>();
        PodSecurityContext pod = Optional.ofNullable(spec.getSecurityContext()).orElseGet(PodSecurityContext::new);
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            found.add("spec.hostNetwork is true");
        }
        if (Boolean.TRUE.equals(spec.getHostPID())) {
            found.add("spec.hostPID is true");
        }
        if (Boolean.TRUE.equals(spec.getHostIPC())) {
            found.add("spec.hostIPC is true");
        }
        for (Volume volume : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
            Map<String, Object> fields = Serialization.jsonMapper().convertValue(volume, Map.class);
            fields.keySet().stream().filter(field -> !field.equals("name") && !RESTRICTED_VOLUMES.contains(field))
                    .forEach(field -> found.add("volume " + volume.getName() + ": " + field + " is not allowed"));
        }
        if (pod.getSysctls() != null) {
            pod.getSysctls().stream().filter(sysctl -> !SAFE_SYSCTLS.contains(sysctl.getName()))
                    .forEach(sysctl -> found.add("sysctl " + sysctl.getName() + " is not safe"));
        }
        if (Objects.equals(pod.getRunAsUser(), 0L)) {
            found.add("spec.securityContext.runAsUser is 0");
        }
        seLinux(pod.getSeLinuxOptions(), "spec.securityContext", found);
        seccomp(pod.getSeccompProfile(), "spec.securityContext", found);
        Stream.of(spec.getInitContainers(), spec.getContainers()).filter(Objects::nonNull).flatMap(List::stream)
                .forEach(container -> container(container, pod, found));
        return found;
    }

    private static void container(Container container, PodSecurityContext pod, List<String> found) {
        String at = "container " + container.getName();
        SecurityContext context = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            found.add(at + ": privileged is true");
        }
        Capabilities capabilities = Optional.ofNullable(context.getCapabilities()).orElseGet(Capabilities::new);
        Optional.ofNullable(capabilities.getAdd()).orElse(List.of()).stream()
                .filter(capability -> !capability.equals("NET_BIND_SERVICE"))
                .forEach(capability -> found.add(at + ": capability " + capability + " is added"));
        Optional.ofNullable(container.getPorts()).orElse(List.of()).stream()
                .filter(port -> port.getHostPort() != null && port.getHostPort() != 0)
                .forEach(port -> found.add(at + ": hostPort " + port.getHostPort()));
        if (context.getProcMount() != null && !context.getProcMount().equals("Default")) {
            found.add(at + ": procMount is " + context.getProcMount());
        }
        seLinux(context.getSeLinuxOptions(), at, found);
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            found.add(at + ": allowPrivilegeEscalation is not false");
        }
        if (!Boolean.TRUE.equals(either(context, pod, SecurityContext::getRunAsNonRoot,
                PodSecurityContext::getRunAsNonRoot))) {
            found.add(at + ": runAsNonRoot is not true (nor on the pod)");
        }
        if (Objects.equals(context.getRunAsUser(), 0L)) {
            found.add(at + ": runAsUser is 0");
        }
        if (!Optional.ofNullable(capabilities.getDrop()).orElse(List.of()).contains("ALL")) {
            found.add(at + ": capabilities.drop lacks ALL");
        }
        seccomp(context.getSeccompProfile(), at, found);
        SeccompProfile seccomp = either(context, pod, SecurityContext::getSeccompProfile,
                PodSecurityContext::getSeccompProfile);
        if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
            found.add(at + ": seccompProfile is not RuntimeDefault or Localhost (nor on the pod)");
        }
    }

    /** The container's setting, else the pod's, as the kubelet applies them. */
    private static <T> T either(SecurityContext container, PodSecurityContext pod,
            Function<SecurityContext, T> own, Function<PodSecurityContext, T> inherited) {
        T value = own.apply(container);
        return value != null ? value : inherited.apply(pod);
    }

    private static void seccomp(SeccompProfile profile, String at, List<String> found) {
        if (profile != null && "Unconfined".equals(profile.getType())) {
            found.add(at + ": seccompProfile is Unconfined");
        }
    }

    private static void seLinux(SELinuxOptions options, String at, List<String> found) {
        if (options == null) {
            return;
        }
        if (options.getType() != null && !SELINUX_TYPES.contains(options.getType())) {
            found.add(at + ": seLinuxOptions.type " + options.getType());
        }
        if (options.getUser() != null || options.getRole() != null) {
            found.add(at + ": seLinuxOptions sets a user or role");
        }
    }
}
