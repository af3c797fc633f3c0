package cn.jiyuan.integrity.rules.objections;

import java.util.List;

/** The result of deciding a command: the events it causes (possibly none), or why it was refused. */
public record CommandResult(List<ObjectionEvent> events, Rejection rejection) {

    public CommandResult {
        events = List.copyOf(events);
    }

    static CommandResult accepted(ObjectionEvent... events) {
        return new CommandResult(List.of(events), null);
    }

    static CommandResult rejected(Rejection rejection) {
        return new CommandResult(List.of(), rejection);
    }

    public boolean isRejected() {
        return rejection != null;
    }
}
