package io.kubegpt.api.v1alpha1.validation;

/** A spec field and what is wrong with it, e.g. {@code spec.model.dModel: 770 is not divisible by ...}. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
