#include "controlmessages.h"

#include "cborfields.h"
#include "messages.h"

#include <QCborArray>

namespace qc {

namespace {

using cbor::field;
using cbor::typed;

QCborMap encodeEngine(const EngineInfo &info)
{
    return QCborMap{{QStringLiteral("id"), info.id},
                    {QStringLiteral("pid"), info.pid},
                    {QStringLiteral("host"), info.host},
                    {QStringLiteral("state"), int(info.state)},
                    {QStringLiteral("exit_code"), info.exitCode},
                    {QStringLiteral("exit_signal"), info.exitSignal},
                    {QStringLiteral("task"), qint64(info.currentTask)},
                    {QStringLiteral("sample"), info.currentSample},
                    {QStringLiteral("done"), qint64(info.tasksDone)},
                    {QStringLiteral("started_ms"), info.startedMs},
                    {QStringLiteral("launcher"), info.launcher},
                    {QStringLiteral("job"), info.jobId},
                    {QStringLiteral("scheduler_state"), info.schedulerState},
                    {QStringLiteral("reason"), info.reason}};
}

std::optional<EngineInfo> decodeEngine(const QCborMap &map)
{
    const qint64 state = controlInteger(map, "state");
    if (!field(map, "id").isInteger() || state < int(EngineState::Starting) || state > int(EngineState::Exited))
        return std::nullopt;
    EngineInfo info;
    info.id = int(controlInteger(map, "id"));
    info.pid = controlInteger(map, "pid");
    info.host = field(map, "host").toString();
    info.state = EngineState(state);
    info.exitCode = int(controlInteger(map, "exit_code"));
    info.exitSignal = int(controlInteger(map, "exit_signal"));
    info.currentTask = quint64(controlInteger(map, "task"));
    info.currentSample = field(map, "sample").toString();
    info.tasksDone = quint64(controlInteger(map, "done"));
    info.startedMs = controlInteger(map, "started_ms");
    info.launcher = field(map, "launcher").toString();
    info.jobId = field(map, "job").toString();
    info.schedulerState = field(map, "scheduler_state").toString();
    info.reason = field(map, "reason").toString();
    return info;
}

} // namespace

QString controlType(const QCborMap &message)
{
    return field(message, "type").toString();
}

qint64 controlInteger(const QCborMap &message, const char *key)
{
    return cbor::integer(message, key);
}

QString controlText(const QCborMap &message, const char *key)
{
    return field(message, key).toString();
}

QCborMap encode(const ClientHello &hello)
{
    QCborMap map = typed("client_hello");
    map[QStringLiteral("magic")] = hello.magic;
    map[QStringLiteral("version")] = hello.version;
    map[QStringLiteral("pid")] = hello.pid;
    map[QStringLiteral("secret")] = hello.secret;
    return map;
}

std::optional<ClientHello> decodeClientHello(const QCborMap &map)
{
    if (controlType(map) != u"client_hello" || !field(map, "version").isInteger()
        || !field(map, "secret").isByteArray())
        return std::nullopt;
    return ClientHello{field(map, "magic").toString(), int(controlInteger(map, "version")), controlInteger(map, "pid"),
                       field(map, "secret").toByteArray()};
}

QCborMap encode(const EngineSnapshot &snapshot)
{
    QCborMap map = typed("engines");
    QCborArray engines;
    for (const EngineInfo &info : snapshot.engines)
        engines.append(encodeEngine(info));
    map[QStringLiteral("engines")] = engines;
    map[QStringLiteral("ready")] = snapshot.ready;
    map[QStringLiteral("notice")] = snapshot.notice;
    return map;
}

std::optional<EngineSnapshot> decodeEngineSnapshot(const QCborMap &map)
{
    if (controlType(map) != u"engines" || !field(map, "engines").isArray())
        return std::nullopt;
    EngineSnapshot snapshot;
    const QCborArray engines = field(map, "engines").toArray();
    for (const QCborValue value : engines) {
        const auto info = decodeEngine(value.toMap());
        if (!info)
            return std::nullopt;
        snapshot.engines.append(*info);
    }
    snapshot.ready = field(map, "ready").toBool();
    snapshot.notice = field(map, "notice").toString();
    return snapshot;
}

QCborMap encode(const SubmitRequest &submit)
{
    QCborMap map = typed("submit");
    map[QStringLiteral("run")] = qint64(submit.runId);
    map[QStringLiteral("direct")] = submit.dispatch == Dispatch::Direct;
    QCborArray tasks;
    for (const AnalysisTask &task : submit.tasks)
        tasks.append(encode(task));
    map[QStringLiteral("tasks")] = tasks;
    return map;
}

std::optional<SubmitRequest> decodeSubmit(const QCborMap &map)
{
    if (controlType(map) != u"submit" || !field(map, "run").isInteger() || !field(map, "tasks").isArray())
        return std::nullopt;
    SubmitRequest submit;
    submit.runId = quint64(controlInteger(map, "run"));
    submit.dispatch = field(map, "direct").toBool() ? Dispatch::Direct : Dispatch::Balanced;
    const QCborArray tasks = field(map, "tasks").toArray();
    for (const QCborValue value : tasks) {
        const auto task = decodeTask(value.toMap());
        if (!task)
            return std::nullopt;
        submit.tasks.append(*task);
    }
    return submit;
}

QCborMap encode(const RunResultMessage &message)
{
    return encodeForwardedResult(message.runId, message.result.engineId, encode(message.result));
}

QCborMap encodeForwardedResult(quint64 runId, int engineId, const QCborMap &engineResult)
{
    QCborMap map = typed("run_result");
    map[QStringLiteral("run")] = qint64(runId);
    map[QStringLiteral("engine")] = engineId;
    map[QStringLiteral("result")] = engineResult;
    return map;
}

std::optional<RunResultMessage> decodeRunResult(const QCborMap &map)
{
    if (controlType(map) != u"run_result" || !field(map, "run").isInteger())
        return std::nullopt;
    auto result = decodeResult(field(map, "result").toMap());
    if (!result)
        return std::nullopt;
    result->engineId = field(map, "engine").isInteger() ? int(controlInteger(map, "engine")) : -1;
    return RunResultMessage{quint64(controlInteger(map, "run")), std::move(*result)};
}

QCborMap encodeRefusal(const QString &reason)
{
    QCborMap map = typed("refused");
    map[QStringLiteral("reason")] = reason;
    return map;
}

QCborMap encodeCancel(quint64 runId, int graceMs)
{
    QCborMap map = typed("cancel");
    map[QStringLiteral("run")] = qint64(runId);
    map[QStringLiteral("grace_ms")] = graceMs;
    return map;
}

QCborMap encodeScale(int engines)
{
    QCborMap map = typed("scale");
    map[QStringLiteral("engines")] = engines;
    return map;
}

QCborMap encodeStop()
{
    return typed("stop");
}

QCborMap encodeSetOwner(qint64 pid)
{
    QCborMap map = typed("set_owner");
    map[QStringLiteral("pid")] = pid;
    return map;
}

QCborMap encodeStopping(const QString &reason)
{
    QCborMap map = typed("stopping");
    map[QStringLiteral("reason")] = reason;
    return map;
}

} // namespace qc
