package cn.jiyuan.integrity.support.web;

import java.time.Duration;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;

/**
 * Time limits for the HTTP server against clients that hold connections without finishing requests: the request's
 * headers within {@code headerTimeout} of connecting (or of the previous answer), its body with no pause longer than
 * {@code readTimeout}; a kept-alive connection with no request is closed by {@code server.netty.idle-timeout}.
 */
public final class SlowClients {

    private SlowClients() {}

    public static NettyServerCustomizer limits(Duration headerTimeout, Duration readTimeout) {
        return server -> server.readTimeout(readTimeout).doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline()
                        .addAfter(
                                NettyPipeline.HttpCodec, "integrity.headerDeadline", new HeaderDeadline(headerTimeout));
            }
        });
    }
}
