package cn.jiyuan.integrity.query.persons;

import cn.jiyuan.integrity.support.security.IntegritySecurityConfiguration;
import cn.jiyuan.integrity.support.security.JwtProperties;
import cn.jiyuan.integrity.support.security.UnsafeConfigurationException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The way to the key store: the service's own token, the client, and the persons it opens. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PersonKeysProperties.class)
class PersonsConfiguration {

    @Bean
    Persons persons(PersonKeysProperties properties, JwtProperties jwt, Environment environment) {
        // tokens live in real time, as every service checks them (not on the services' movable business clock)
        Clock clock = Clock.systemUTC();
        ReactorClientHttpConnector connector = connector(properties.maxIdle());
        WebClient.Builder web = WebClient.builder().clientConnector(connector);
        ServiceToken token;
        if (jwt.external()) {
            if (!StringUtils.hasText(properties.tokenUri())
                    || !StringUtils.hasText(properties.clientId())
                    || !StringUtils.hasText(properties.clientSecret())) {
                throw new UnsafeConfigurationException(
                        "tokens come from an external issuer but the query service has no client to get its"
                                + " PERSON_KEYS token with (names could not be shown)",
                        "set INTEGRITY_PERSON_KEYS_TOKEN_URI, INTEGRITY_PERSON_KEYS_CLIENT_ID and"
                                + " INTEGRITY_PERSON_KEYS_CLIENT_SECRET for a client the issuer gives the role"
                                + " PERSON_KEYS");
            }
            token = ServiceToken.clientCredentials(
                    web.build(),
                    properties.tokenUri(),
                    properties.clientId(),
                    properties.clientSecret(),
                    properties.scope(),
                    clock);
        } else {
            boolean localMode =
                    environment.getProperty(IntegritySecurityConfiguration.LOCAL_MODE, Boolean.class, false);
            token = ServiceToken.signed(jwt.verifiedSecret(localMode), clock);
        }
        return new Persons(new PersonKeyClient(
                keyStoreClient(properties.url(), connector), token, properties.timeout(), properties.retryAfter()));
    }

    static WebClient keyStoreClient(String url, ReactorClientHttpConnector connector) {
        return WebClient.builder().clientConnector(connector).baseUrl(url).build();
    }

    /**
     * Kept-alive connections, but none unused longer than {@code maxIdle}: the services' servers close a connection
     * that brought no request within their header deadline, and a request sent at that moment would be cut.
     */
    static ReactorClientHttpConnector connector(Duration maxIdle) {
        ConnectionProvider pool = ConnectionProvider.builder("integrity-person-keys")
                .maxIdleTime(maxIdle)
                .build();
        return new ReactorClientHttpConnector(HttpClient.create(pool));
    }
}
