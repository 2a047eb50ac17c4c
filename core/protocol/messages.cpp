#include "messages.h"

#include "cborfields.h"

#include <QCborArray>
#include <QtEndian>

namespace qc {

namespace {

using cbor::field;
using cbor::integer;
using cbor::typed;

// Per-read QC travels packed: one byte string of fixed-size little-endian records and one of the
// reads' names, each file's path and format once. A CBOR array per read cost more to build and
// parse than the reading itself on a folder of 960 reads.
struct PackedRead
{
    quint32 file, length, qv20, crl, clearStart, clearEnd;
    double mean, traceScore;
};
constexpr qsizetype kPackedReadBytes = 6 * 4 + 2 * 8;

void encodeReadSummaries(const QList<ReadSummary> &summaries, QCborMap &map)
{
    QCborArray files;
    QByteArray records(summaries.size() * kPackedReadBytes, Qt::Uninitialized);
    QByteArray names;
    QString lastFile;
    char *out = records.data();
    const auto put32 = [&out](quint32 value) {
        qToLittleEndian(value, out);
        out += 4;
    };
    const auto putDouble = [&out](double value) {
        qToLittleEndian(value, out);
        out += 8;
    };
    for (const ReadSummary &read : summaries) {
        if (files.isEmpty() || read.file != lastFile) {
            files.append(QCborArray{read.file, read.format});
            lastFile = read.file;
        }
        const ReadQc &qc = read.qc;
        put32(quint32(files.size() - 1));
        put32(quint32(qc.length));
        put32(quint32(qc.qv20));
        put32(quint32(qc.crl));
        put32(quint32(qc.clear.start));
        put32(quint32(qc.clear.end));
        putDouble(qc.mean);
        putDouble(qc.traceScore);
        names += read.name.toUtf8();
        names += '\0';
    }
    map[QStringLiteral("read_files")] = files;
    map[QStringLiteral("read_qc")] = records;
    map[QStringLiteral("read_names")] = names;
}

// False when the bytes are not what encodeReadSummaries() writes.
bool decodeReadSummaries(const QCborMap &map, QList<ReadSummary> &summaries)
{
    const QCborArray files = field(map, "read_files").toArray();
    const QByteArray records = field(map, "read_qc").toByteArray();
    const QByteArray names = field(map, "read_names").toByteArray();
    if (records.size() % kPackedReadBytes != 0)
        return false;
    const qsizetype count = records.size() / kPackedReadBytes;
    if (names.count('\0') != count)
        return false;
    QList<QPair<QString, QString>> fileNames;
    for (const QCborValue value : files) {
        const QCborArray file = value.toArray();
        fileNames.append({file[0].toString(), file[1].toString()});
    }
    summaries.reserve(summaries.size() + count);
    const char *in = records.constData();
    qsizetype nameStart = 0;
    for (qsizetype i = 0; i < count; ++i) {
        const auto get32 = [&in] {
            const quint32 v = qFromLittleEndian<quint32>(in);
            in += 4;
            return v;
        };
        const auto getDouble = [&in] {
            const double v = qFromLittleEndian<double>(in);
            in += 8;
            return v;
        };
        const quint32 fileIndex = get32();
        ReadQc qc;
        qc.length = int(get32());
        qc.qv20 = int(get32());
        qc.crl = int(get32());
        qc.clear = {int(get32()), int(get32())};
        qc.mean = getDouble();
        qc.traceScore = getDouble();
        const qsizetype nameEnd = names.indexOf('\0', nameStart);
        const QString name = QString::fromUtf8(names.constData() + nameStart, nameEnd - nameStart);
        nameStart = nameEnd + 1;
        if (fileIndex >= quint32(fileNames.size()) || qc.length < 0 || qc.qv20 < 0 || qc.crl < 0 || qc.clear.start < 0
            || qc.clear.end < qc.clear.start)
            return false;
        summaries.append({fileNames[fileIndex].first, name, fileNames[fileIndex].second, qc});
    }
    return true;
}

} // namespace

MessageType messageType(const QCborMap &message)
{
    const QString type = field(message, "type").toString();
    if (type == u"hello")
        return MessageType::Hello;
    if (type == u"task")
        return MessageType::Task;
    if (type == u"result")
        return MessageType::Result;
    if (type == u"heartbeat")
        return MessageType::Heartbeat;
    if (type == u"quit")
        return MessageType::Quit;
    if (type == u"refused")
        return MessageType::Refused;
    return MessageType::Unknown;
}

QCborMap encode(const HelloMessage &hello)
{
    QCborMap map = typed("hello");
    map[QStringLiteral("magic")] = hello.magic;
    map[QStringLiteral("version")] = hello.version;
    map[QStringLiteral("pid")] = hello.pid;
    map[QStringLiteral("host")] = hello.host;
    map[QStringLiteral("secret")] = hello.secret;
    map[QStringLiteral("engine")] = hello.engineId;
    return map;
}

std::optional<HelloMessage> decodeHello(const QCborMap &map)
{
    if (messageType(map) != MessageType::Hello || !field(map, "magic").isString() || !field(map, "version").isInteger()
        || !field(map, "pid").isInteger() || !field(map, "secret").isByteArray())
        return std::nullopt;
    HelloMessage hello;
    hello.magic = field(map, "magic").toString();
    hello.version = int(integer(map, "version"));
    hello.pid = integer(map, "pid");
    hello.host = field(map, "host").toString();
    hello.secret = field(map, "secret").toByteArray();
    hello.engineId = int(integer(map, "engine"));
    return hello;
}

QCborMap encode(const AnalysisTask &task)
{
    QCborMap map = typed("task");
    map[QStringLiteral("id")] = qint64(task.id);
    map[QStringLiteral("sample")] = task.sample;
    map[QStringLiteral("files")] = QCborArray::fromStringList(task.files);
    if (!task.payloads.isEmpty()) {
        // Each file's bytes, or the text of why the controller could not read it.
        QCborArray payloads;
        for (const FilePayload &payload : task.payloads)
            payloads.append(payload.error.isEmpty() ? QCborValue(payload.bytes) : QCborValue(payload.error));
        map[QStringLiteral("payloads")] = payloads;
    }
    return map;
}

std::optional<AnalysisTask> decodeTask(const QCborMap &map)
{
    if (messageType(map) != MessageType::Task || !field(map, "id").isInteger() || !field(map, "files").isArray())
        return std::nullopt;
    AnalysisTask task;
    task.id = quint64(integer(map, "id"));
    task.sample = field(map, "sample").toString();
    const QCborArray files = field(map, "files").toArray();
    for (const QCborValue file : files) {
        if (!file.isString())
            return std::nullopt;
        task.files.append(file.toString());
    }
    const QCborArray payloads = field(map, "payloads").toArray();
    if (!payloads.isEmpty() && payloads.size() != task.files.size())
        return std::nullopt;
    for (const QCborValue payload : payloads) {
        if (payload.isByteArray())
            task.payloads.append({payload.toByteArray(), {}});
        else if (payload.isString() && !payload.toString().isEmpty())
            task.payloads.append({{}, payload.toString()});
        else
            return std::nullopt;
    }
    return task;
}

QCborMap encode(const TaskResult &result)
{
    QCborMap map = typed("result");
    map[QStringLiteral("id")] = qint64(result.taskId);
    map[QStringLiteral("sample")] = result.sample;
    map[QStringLiteral("histogram")] = result.histogram.toPacked();
    map[QStringLiteral("clear_histogram")] = result.clearHistogram.toPacked();
    encodeReadSummaries(result.readSummaries, map);
    map[QStringLiteral("files")] = result.files;
    map[QStringLiteral("reads")] = result.reads;
    map[QStringLiteral("bases")] = result.bases;
    map[QStringLiteral("pid")] = result.pid;
    map[QStringLiteral("host")] = result.host;
    map[QStringLiteral("start_us")] = result.startUs;
    map[QStringLiteral("end_us")] = result.endUs;
    QCborArray errors;
    for (const FileError &error : result.errors)
        errors.append(QCborMap{{QStringLiteral("file"), error.file},
                               {QStringLiteral("line"), error.line},
                               {QStringLiteral("offset"), error.offset},
                               {QStringLiteral("message"), error.message}});
    map[QStringLiteral("errors")] = errors;
    return map;
}

std::optional<TaskResult> decodeResult(const QCborMap &map)
{
    if (messageType(map) != MessageType::Result || !field(map, "id").isInteger()
        || !field(map, "histogram").isByteArray() || !field(map, "errors").isArray())
        return std::nullopt;
    auto histogram = PositionHistogram::fromPacked(field(map, "histogram").toByteArray());
    auto clearHistogram = PositionHistogram::fromPacked(field(map, "clear_histogram").toByteArray());
    if (!histogram || !clearHistogram)
        return std::nullopt;
    TaskResult result;
    if (!decodeReadSummaries(map, result.readSummaries))
        return std::nullopt;
    result.clearHistogram = std::move(*clearHistogram);
    result.taskId = quint64(integer(map, "id"));
    result.sample = field(map, "sample").toString();
    result.histogram = std::move(*histogram);
    result.files = int(integer(map, "files"));
    result.reads = integer(map, "reads");
    result.bases = integer(map, "bases");
    result.pid = integer(map, "pid");
    result.host = field(map, "host").toString();
    result.startUs = integer(map, "start_us");
    result.endUs = integer(map, "end_us");
    const QCborArray errors = field(map, "errors").toArray();
    for (const QCborValue value : errors) {
        const QCborMap error = value.toMap();
        result.errors.append({field(error, "file").toString(), integer(error, "line"), integer(error, "offset", -1),
                              field(error, "message").toString()});
    }
    return result;
}

QCborMap encode(const HeartbeatMessage &heartbeat)
{
    QCborMap map = typed("heartbeat");
    map[QStringLiteral("pid")] = heartbeat.pid;
    map[QStringLiteral("task")] = qint64(heartbeat.currentTask);
    map[QStringLiteral("done")] = qint64(heartbeat.tasksDone);
    return map;
}

std::optional<HeartbeatMessage> decodeHeartbeat(const QCborMap &map)
{
    if (messageType(map) != MessageType::Heartbeat)
        return std::nullopt;
    return HeartbeatMessage{integer(map, "pid"), quint64(integer(map, "task")), quint64(integer(map, "done"))};
}

QCborMap encodeQuit()
{
    return typed("quit");
}

QCborMap encodeEngineRefusal(const QString &reason)
{
    QCborMap map = typed("refused");
    map[QStringLiteral("reason")] = reason;
    return map;
}

QString decodeEngineRefusal(const QCborMap &message)
{
    return field(message, "reason").toString();
}

} // namespace qc
