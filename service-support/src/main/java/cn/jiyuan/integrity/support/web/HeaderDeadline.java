package cn.jiyuan.integrity.support.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose client has not sent a request's headers within the deadline — from the moment it
 * connects, and again after each answer on a kept-alive connection (review D5, probe D7: a slowloris client trickling
 * one header byte every few seconds, or one that sends nothing, held a connection for as long as it liked; an idle
 * timeout alone does not stop it, every byte resets it). Once a request's headers are in, the deadline is off: a long
 * answer such as the grade-change stream is not cut.
 */
final class HeaderDeadline extends ChannelDuplexHandler {

    private final long deadlineMillis;
    private ScheduledFuture<?> pending;

    HeaderDeadline(Duration deadline) {
        this.deadlineMillis = deadline.toMillis();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            disarm();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent) {
            promise.addListener(done -> arm(ctx)); // the answer is out: the next request has the deadline again
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        pending = ctx.executor().schedule(() -> ctx.channel().close(), deadlineMillis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
