package cn.jiyuan.integrity.console.web;

import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.ConsoleUser;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A handler's {@link Caller} parameter: the signed-in person and, for a consumer, the purpose kept in the session —
 * who every call to a service is made for.
 */
@Configuration
class CallerArgument implements WebFluxConfigurer, HandlerMethodArgumentResolver {

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Mono<Object> resolveArgument(
            MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        Mono<ConsoleUser> user = ReactiveSecurityContextHolder.getContext()
                .mapNotNull(c -> c.getAuthentication() == null
                        ? null
                        : c.getAuthentication().getPrincipal())
                .ofType(ConsoleUser.class);
        return user.zipWith(
                exchange.getSession(), (u, session) -> new Caller(u, session.getAttribute(PageModel.PURPOSE)));
    }
}
