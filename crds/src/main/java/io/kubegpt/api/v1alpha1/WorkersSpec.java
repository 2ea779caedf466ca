package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * The trainer pods. A worker with G GPUs runs G ranks, so the job has {@code replicas x max(1, G)} ranks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkersSpec {

    public static final int MAX_REPLICAS = 1024;

    @JsonPropertyDescription("Number of worker pods.")
    @Min(1)
    @Max(MAX_REPLICAS)
    private Integer replicas = 1;

    @JsonPropertyDescription("nvidia.com/gpu per worker; each GPU runs one rank. 0 trains on CPU.")
    @Min(0)
    @Max(16)
    private Integer gpusPerWorker = 0;

    @JsonPropertyDescription("With GPUs, keep the workers off nodes whose GPUs the CUDA trainer image has no code for"
            + " (Hopper, Blackwell): a required node affinity on the label nvidia.com/gpu.compute.major (set by NVIDIA"
            + " GPU feature discovery), at most the operator's kubegpt.gpu-max-compute-major (8 by default), added to"
            + " every term of affinity.nodeAffinity. false: none, e.g. for an image of your own or nodes without"
            + " that label.")
    private Boolean gpuCompatibilityAffinity = true;

    @JsonPropertyDescription("Trainer image; the operator's configured default when unset.")
    private String image;

    @JsonPropertyDescription("Image pull policy: Always, IfNotPresent or Never.")
    private ImagePullPolicy imagePullPolicy;

    @JsonPropertyDescription("CPU and memory requests and limits of each worker container.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Node labels a worker must match.")
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Scheduling constraints of the worker pods.")
    private Affinity affinity;

    @JsonPropertyDescription("Taints the worker pods tolerate.")
    private List<Toleration> tolerations;

    @JsonPropertyDescription("PriorityClass of the worker pods.")
    private String priorityClassName;

    @JsonPropertyDescription("Secrets for pulling the trainer image.")
    private List<LocalObjectReference> imagePullSecrets;

    @JsonPropertyDescription("Port of the rendezvous store on rank 0 (MASTER_PORT).")
    @Min(1024)
    @Max(65535)
    private Integer masterPort = 29500;

    @JsonPropertyDescription("Seconds a worker has after SIGTERM (a suspend, a preemption, a drain) to agree a stop "
            + "step with its peers and save a checkpoint there, before it is killed.")
    @Min(1)
    @Max(86400)
    private Long terminationGracePeriodSeconds = 180L;

    @JsonPropertyDescription("Seconds a rank waits in a collective (a gradient all-reduce) for its peers before it "
            + "gives up and the gang restarts: how long a hung or straggling rank may stall the others. Work rank 0 does "
            + "alone, writing a checkpoint or preparing the data, is waited for apart from it, up to the trainer's "
            + "rendezvous timeout (30 minutes).")
    @Min(30)
    @Max(86400)
    private Long collectiveTimeoutSeconds = 300L;

    @JsonPropertyDescription("A PodDisruptionBudget for the workers, so that voluntary evictions (node drains) never"
            + " split a running gang: minAvailable is every worker pod, so a drain waits until the job ends or is"
            + " suspended.")
    private Boolean disruptionBudget = false;

    public Long getCollectiveTimeoutSeconds() {
        return collectiveTimeoutSeconds;
    }

    public void setCollectiveTimeoutSeconds(Long collectiveTimeoutSeconds) {
        this.collectiveTimeoutSeconds = collectiveTimeoutSeconds;
    }

    public Long getTerminationGracePeriodSeconds() {
        return terminationGracePeriodSeconds;
    }

    public void setTerminationGracePeriodSeconds(Long terminationGracePeriodSeconds) {
        this.terminationGracePeriodSeconds = terminationGracePeriodSeconds;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getGpusPerWorker() {
        return gpusPerWorker;
    }

    public void setGpusPerWorker(Integer gpusPerWorker) {
        this.gpusPerWorker = gpusPerWorker;
    }

    /** Ranks in the whole job: one per GPU, or one per worker on CPU. */
    public int worldSize() {
        return replicas * Math.max(1, gpusPerWorker);
    }

    public Boolean getGpuCompatibilityAffinity() {
        return gpuCompatibilityAffinity;
    }

    public void setGpuCompatibilityAffinity(Boolean gpuCompatibilityAffinity) {
        this.gpuCompatibilityAffinity = gpuCompatibilityAffinity;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ImagePullPolicy getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(ImagePullPolicy imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public String getPriorityClassName() {
        return priorityClassName;
    }

    public void setPriorityClassName(String priorityClassName) {
        this.priorityClassName = priorityClassName;
    }

    public List<LocalObjectReference> getImagePullSecrets() {
        return imagePullSecrets;
    }

    public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
        this.imagePullSecrets = imagePullSecrets;
    }

    public Integer getMasterPort() {
        return masterPort;
    }

    public void setMasterPort(Integer masterPort) {
        this.masterPort = masterPort;
    }

    public Boolean getDisruptionBudget() {
        return disruptionBudget;
    }

    public void setDisruptionBudget(Boolean disruptionBudget) {
        this.disruptionBudget = disruptionBudget;
    }
}
