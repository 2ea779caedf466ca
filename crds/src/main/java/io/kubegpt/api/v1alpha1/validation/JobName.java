package io.kubegpt.api.v1alpha1.validation;

import io.kubegpt.api.v1alpha1.WorkersSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a GPTPretrain or GPTFinetune may be called. The operator names the job's objects after it, and the tightest
 * of those names is a worker's host name {@code <name>-worker-<index>}: a DNS label (at most 63 characters) with an
 * index up to {@link WorkersSpec#MAX_REPLICAS} - 1, so the name has at most 63 - 12 = 51 characters. The rendezvous
 * Service {@code <name>-workers} must be a DNS-1035 label, so the name starts with a letter. The CRD schema states
 * both on {@code metadata.name}; the operator checks them again for a CRD installed without them.
 */
public final class JobName {

    public static final String WORKER_POD_INFIX = "-worker-";
    private static final int DNS_LABEL_MAX_LENGTH = 63;
    public static final int MAX_LENGTH = DNS_LABEL_MAX_LENGTH
            - (WORKER_POD_INFIX + (WorkersSpec.MAX_REPLICAS - 1)).length();
    /** A DNS-1035 label: lowercase letters, digits and '-', a letter first and a letter or digit last. */
    public static final String PATTERN = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
    private static final String FIELD = "metadata.name";

    private JobName() {
    }

    public static List<FieldError> validate(String name) {
        List<FieldError> errors = new ArrayList<>();
        if (name.length() > MAX_LENGTH) {
            errors.add(new FieldError(FIELD, "\"" + name + "\" has " + name.length() + " characters; a job's name may"
                    + " have at most " + MAX_LENGTH + ", so that its workers' host names (<name>" + WORKER_POD_INFIX
                    + "<index>) fit in " + DNS_LABEL_MAX_LENGTH));
        }
        if (!name.matches(PATTERN)) {
            errors.add(new FieldError(FIELD, "\"" + name + "\" should match '" + PATTERN + "': the job's Service"
                    + " <name>-workers must be a DNS-1035 label (a lowercase letter first)"));
        }
        return errors;
    }
}
