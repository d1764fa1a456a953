package org.onboarding.mdm.api;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import org.onboarding.mdm.security.Caller;
import org.onboarding.mdm.security.Callers;

import java.util.function.Function;

/**
 * The one shape of the JSON resources: a thin class whose every method hands the request's caller to its service
 * (which checks permissions and the organisation scope) and wraps the answer in the {@code {status:true,data}}
 * envelope. The JAX-RS methods stay in the subclasses, one per documented operation.
 */
@RequiredArgsConstructor
public abstract class CallerResource<S> {

    protected final S service;
    private final Callers callers;

    protected <T> Uni<Envelope.Success<T>> answer(Function<Caller, Uni<T>> call) {
        return call.apply(callers.current()).map(Envelope::ok);
    }
}
