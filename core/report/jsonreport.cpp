#include "jsonreport.h"

#include "jsonwriter.h"
#include "stats/positionstats.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QSaveFile>

namespace qc {

namespace {

// Every object's members are written in sorted order, as QJsonObject keeps them: the output is
// byte for byte what QJsonDocument wrote when this report was a QJsonObject tree.

void writeOptionalIndex(JsonWriter &json, QStringView name, int index)
{
    json.key(name);
    if (index >= 0)
        json.value(index);
    else
        json.nullValue();
}

void writeEngine(JsonWriter &json, const EngineRef &engine)
{
    json.beginObject();
    json.member(u"host", engine.host);
    writeOptionalIndex(json, u"id", engine.id);
    json.member(u"pid", engine.pid);
    json.endObject();
}

void writePositions(JsonWriter &json, const PositionHistogram &histogram)
{
    json.beginArray();
    for (const PositionStats &s : positionStats(histogram)) {
        json.beginObject();
        json.member(u"count", qint64(s.count));
        json.member(u"max", s.max);
        json.member(u"mean", s.mean);
        json.member(u"median", s.median);
        json.member(u"min", s.min);
        json.member(u"p10", s.p10);
        json.member(u"p90", s.p90);
        json.member(u"position", s.position);
        json.member(u"q1", s.q1);
        json.member(u"q3", s.q3);
        json.endObject();
    }
    json.endArray();
}

void writeErrors(JsonWriter &json, const QList<FileError> &errors)
{
    json.beginArray();
    for (const FileError &error : errors) {
        json.beginObject();
        json.member(u"file", error.file);
        json.key(u"line");
        if (error.line > 0)
            json.value(error.line);
        else
            json.nullValue();
        json.member(u"message", error.message);
        if (error.offset >= 0)
            json.member(u"offset", error.offset);
        json.endObject();
    }
    json.endArray();
}

// Positions are 1-based in every output, as on the charts; the clear range is the first and last
// base kept (both inclusive), 0 and 0 when nothing is kept.
void writeRead(JsonWriter &json, const ReadSummary &read)
{
    const ReadQc &qc = read.qc;
    const bool kept = qc.clear.length() > 0;
    json.beginObject();
    json.member(u"crl", qc.crl);
    json.member(u"file", read.file);
    json.member(u"format", read.format);
    json.member(u"length", qc.length);
    json.member(u"mean", qc.mean);
    json.member(u"name", read.name);
    json.member(u"qv20", qc.qv20);
    json.member(u"trace_score", qc.traceScore);
    json.member(u"trim_end", kept ? qc.clear.end : 0);
    json.member(u"trim_start", kept ? qc.clear.start + 1 : 0);
    json.member(u"trimmed_length", qc.clear.length());
    json.endObject();
}

void writeFolderQc(JsonWriter &json, const FolderQc &qc)
{
    json.beginObject();
    json.member(u"failed_reads", qc.failedReads);
    json.member(u"median_crl", qc.medianCrl);
    json.member(u"median_length", qc.medianLength);
    json.member(u"median_qv20", qc.medianQv20);
    json.member(u"min_qv20", qc.minQv20);
    json.member(u"reads", qc.reads);
    json.endObject();
}

void writeSample(JsonWriter &json, const SampleResult &result, int minQv20)
{
    json.beginObject();
    json.member(u"bases", result.bases);
    json.key(u"clear_range_positions");
    writePositions(json, result.clearHistogram);
    json.key(u"engine");
    if (result.engines.isEmpty())
        json.nullValue();
    else
        writeEngine(json, result.engines.first());
    json.key(u"engines");
    json.beginArray();
    for (const EngineRef &engine : result.engines)
        writeEngine(json, engine);
    json.endArray();
    json.key(u"errors");
    writeErrors(json, result.errors);
    json.member(u"files", result.files);
    json.member(u"name", result.sample.name);
    json.member(u"path", result.sample.path);
    json.key(u"positions");
    writePositions(json, result.histogram);
    json.key(u"qc");
    writeFolderQc(json, result.qcSummary(minQv20));
    json.member(u"read_count", result.reads);
    json.key(u"reads");
    json.beginArray();
    for (const ReadSummary &read : result.readSummaries)
        writeRead(json, read);
    json.endArray();
    writeOptionalIndex(json, u"replicate", result.sample.replicate);
    json.member(u"seconds", result.seconds);
    json.member(u"skipped_files", result.sample.skippedFiles);
    writeOptionalIndex(json, u"treatment", result.sample.treatment);
    json.endObject();
}

void writeTask(JsonWriter &json, const TaskTiming &task)
{
    json.beginObject();
    json.member(u"end_us", task.endUs);
    writeOptionalIndex(json, u"engine", task.engineId);
    json.member(u"host", task.host);
    json.member(u"id", qint64(task.taskId));
    json.member(u"pid", task.pid);
    json.member(u"sample", task.sample);
    json.member(u"start_us", task.startUs);
    json.endObject();
}

// "lost_engines" is written only when an engine ended during the run, so that the report of a
// run without one stays what it was.
void writeRun(JsonWriter &json, const RunResult &run)
{
    const RunTiming &t = run.timing;
    json.beginObject();
    json.member(u"efficiency", t.efficiency());
    json.member(u"engines", t.engines);
    json.member(u"ideal_seconds", t.idealSeconds());
    if (!run.lostEngines.isEmpty()) {
        json.key(u"lost_engines");
        json.beginArray();
        for (const EngineLoss &engine : run.lostEngines) {
            json.beginObject();
            json.member(u"host", engine.host);
            json.member(u"how", engine.how);
            json.member(u"id", engine.id);
            json.member(u"pid", engine.pid);
            json.endObject();
        }
        json.endArray();
    }
    json.member(u"mode", t.mode);
    json.member(u"serial_seconds", t.serialSeconds);
    json.member(u"speedup", t.speedup());
    json.member(u"startup_seconds", t.startupSeconds);
    json.member(u"wall_seconds", t.wallSeconds);
    json.endObject();
}

} // namespace

bool writeRunJson(QIODevice *device, const RunResult &run, int minQv20)
{
    JsonWriter json(device);
    json.beginObject();
    json.key(u"run");
    writeRun(json, run);
    json.key(u"run_errors");
    writeErrors(json, run.runErrors);
    json.key(u"samples");
    json.beginArray();
    for (const SampleResult &sample : run.samples)
        writeSample(json, sample, minQv20);
    json.endArray();
    json.key(u"tasks");
    json.beginArray();
    for (const TaskTiming &task : run.tasks)
        writeTask(json, task);
    json.endArray();
    json.key(u"tool");
    json.beginObject();
    json.member(u"name", u"qualcluster");
    json.member(u"version", QStringLiteral(QUALCLUSTER_VERSION));
    json.endObject();
    json.endObject();
    return json.finish();
}

std::optional<QString> writeJsonReport(const RunResult &run, const QString &path, int minQv20)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !writeRunJson(&file, run, minQv20) || !file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}

QJsonObject runToJson(const RunResult &run, int minQv20)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    writeRunJson(&buffer, run, minQv20);
    return QJsonDocument::fromJson(buffer.data()).object();
}

} // namespace qc
