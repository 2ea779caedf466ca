package io.kubegpt.api.v1alpha1;

/** Regular expressions shared by the schema annotations. */
final class Patterns {

    /** A Kubernetes object name (RFC 1123 subdomain), as claims and resources are named. */
    static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** A resource quantity such as {@code 10Gi} or {@code 500M}. */
    static final String QUANTITY = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

    private Patterns() {
    }
}
