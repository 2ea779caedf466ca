package io.kubegpt.api.v1alpha1;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;

/**
 * Clears the numbers of a status that are not finite (NaN, Infinity): JSON has no such numbers, and a Kubernetes API
 * server refuses a whole status patch that holds one, which would freeze the status of a diverging job.
 */
public final class FiniteNumbers {

    private FiniteNumbers() {
    }

    /** Sets every non-finite {@code Double} property of {@code status}, and of the status types inside it, to null. */
    public static <T> T clear(T status) {
        if (status != null) {
            clearBean(status);
        }
        return status;
    }

    private static void clearBean(Object bean) {
        for (Method getter : bean.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, bean);
            if (value instanceof Double number && !Double.isFinite(number)) {
                try {
                    invoke(bean.getClass().getMethod("set" + getter.getName().substring(3), Double.class), bean, (Object) null);
                } catch (NoSuchMethodException readOnly) {
                    // a derived value with no setter: nothing is stored
                }
            } else if (value instanceof Collection<?> items) {
                items.stream().filter(FiniteNumbers::isStatusType).forEach(FiniteNumbers::clearBean);
            } else if (isStatusType(value)) {
                clearBean(value);
            }
        }
    }

    private static boolean isStatusType(Object value) {
        return value != null && !value.getClass().isEnum()
                && value.getClass().getPackage() == FiniteNumbers.class.getPackage();
    }

    private static Object invoke(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot call " + method, e);
        }
    }
}
