package io.kubegpt.trainer.stop;

import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.report.RunReport;

/**
 * How a training loop ends early on a {@link StopRequest} without losing a step. At the end of every step the ranks
 * agree whether to stop: each adds its request flag to the all-reduce that averages the step's loss, so agreeing
 * costs no collective of its own, and all ranks stop after the same step whichever of them got the signal. Rank 0
 * then writes the checkpoint of that step, and the run ends with phase {@link Phase#Suspended}, which the CLI turns
 * into exit code {@code STOPPED}; resuming continues from that checkpoint. A request after the last step changes
 * nothing: the run is complete.
 */
public final class GracefulStop {

    /** The step's loss averaged over the ranks, and whether they all stop after this step. */
    public record StepEnd(double loss, boolean stop) {
    }

    private final StopRequest request;
    private final RankGroup group;
    private final RunReport report;
    private final long totalSteps;

    public GracefulStop(StopRequest request, RankGroup group, RunReport report, long totalSteps) {
        this.request = request;
        this.group = group;
        this.report = report;
        this.totalSteps = totalSteps;
    }

    /** The loop begins: from here on a request waits for the end of a step. */
    public void trainingBegins() {
        request.deferToStepBoundary();
    }

    /** Called by every rank at the end of step {@code done} (counted from 1) with its loss; a collective. */
    public StepEnd endOfStep(long done, double loss) {
        double[] sums = group.sum(loss, request.requested() ? 1 : 0);
        return new StepEnd(sums[0] / group.worldSize(), sums[1] > 0 && done < totalSteps);
    }

    /** The run's end after step {@code step}, once rank 0 has written that step's checkpoint. */
    public GPTJobStatus stopped(long step) {
        String line = "stopped on request at step " + step + "; checkpoint " + RunLayout.checkpointFolder(step)
                + " written; resume continues from it";
        if (group.leader()) {
            return report.stopped(line);
        }
        System.out.println("rank " + group.rank() + ": " + line);
        GPTJobStatus status = new GPTJobStatus();
        status.setPhase(Phase.Suspended);
        status.setMessage(line);
        return status;
    }
}
