#include "jsonreport.h"

#include "stats/positionstats.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace qc {

namespace {

QJsonValue optionalNumber(std::optional<double> value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonValue optionalIndex(int value)
{
    return value >= 0 ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonObject engineToJson(const EngineRef &engine)
{
    return {{QStringLiteral("id"), optionalIndex(engine.id)},
            {QStringLiteral("pid"), engine.pid},
            {QStringLiteral("host"), engine.host}};
}

QJsonArray positionsToJson(const PositionHistogram &histogram)
{
    QJsonArray positions;
    for (const PositionStats &s : positionStats(histogram))
        positions.append(QJsonObject{{QStringLiteral("position"), s.position},
                                     {QStringLiteral("count"), qint64(s.count)},
                                     {QStringLiteral("mean"), s.mean},
                                     {QStringLiteral("min"), s.min},
                                     {QStringLiteral("p10"), s.p10},
                                     {QStringLiteral("q1"), s.q1},
                                     {QStringLiteral("median"), s.median},
                                     {QStringLiteral("q3"), s.q3},
                                     {QStringLiteral("p90"), s.p90},
                                     {QStringLiteral("max"), s.max}});
    return positions;
}

QJsonObject errorToJson(const FileError &error)
{
    QJsonObject json{{QStringLiteral("file"), error.file},
                     {QStringLiteral("line"), error.line > 0 ? QJsonValue(error.line) : QJsonValue(QJsonValue::Null)},
                     {QStringLiteral("message"), error.message}};
    if (error.offset >= 0)
        json.insert(QStringLiteral("offset"), error.offset);
    return json;
}

// Positions are 1-based in every output, as on the charts; the clear range is the first and last
// base kept (both inclusive), 0 and 0 when nothing is kept.
QJsonObject readToJson(const ReadSummary &read)
{
    const ReadQc &qc = read.qc;
    const bool kept = qc.clear.length() > 0;
    return {{QStringLiteral("file"), read.file},
            {QStringLiteral("name"), read.name},
            {QStringLiteral("format"), read.format},
            {QStringLiteral("length"), qc.length},
            {QStringLiteral("mean"), qc.mean},
            {QStringLiteral("qv20"), qc.qv20},
            {QStringLiteral("crl"), qc.crl},
            {QStringLiteral("trim_start"), kept ? qc.clear.start + 1 : 0},
            {QStringLiteral("trim_end"), kept ? qc.clear.end : 0},
            {QStringLiteral("trimmed_length"), qc.clear.length()},
            {QStringLiteral("trace_score"), qc.traceScore}};
}

QJsonObject folderQcToJson(const FolderQc &qc)
{
    return {{QStringLiteral("reads"), qc.reads},
            {QStringLiteral("failed_reads"), qc.failedReads},
            {QStringLiteral("min_qv20"), qc.minQv20},
            {QStringLiteral("median_length"), qc.medianLength},
            {QStringLiteral("median_qv20"), qc.medianQv20},
            {QStringLiteral("median_crl"), qc.medianCrl}};
}

QJsonObject sampleToJson(const SampleResult &result, int minQv20)
{
    QJsonArray engines, errors;
    for (const EngineRef &engine : result.engines)
        engines.append(engineToJson(engine));
    for (const FileError &error : result.errors)
        errors.append(errorToJson(error));
    QJsonArray reads;
    for (const ReadSummary &read : result.readSummaries)
        reads.append(readToJson(read));
    return {{QStringLiteral("name"), result.sample.name},
            {QStringLiteral("path"), result.sample.path},
            {QStringLiteral("treatment"), optionalIndex(result.sample.treatment)},
            {QStringLiteral("replicate"), optionalIndex(result.sample.replicate)},
            {QStringLiteral("files"), result.files},
            {QStringLiteral("skipped_files"), result.sample.skippedFiles},
            {QStringLiteral("read_count"), result.reads},
            {QStringLiteral("bases"), result.bases},
            {QStringLiteral("qc"), folderQcToJson(result.qcSummary(minQv20))},
            {QStringLiteral("reads"), reads},
            {QStringLiteral("engine"), result.engines.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                : QJsonValue(engineToJson(result.engines.first()))},
            {QStringLiteral("engines"), engines},
            {QStringLiteral("seconds"), result.seconds},
            {QStringLiteral("positions"), positionsToJson(result.histogram)},
            {QStringLiteral("clear_range_positions"), positionsToJson(result.clearHistogram)},
            {QStringLiteral("errors"), errors}};
}

} // namespace

QJsonObject runToJson(const RunResult &run, int minQv20)
{
    const RunTiming &t = run.timing;
    QJsonArray samples, tasks, runErrors;
    for (const SampleResult &sample : run.samples)
        samples.append(sampleToJson(sample, minQv20));
    for (const TaskTiming &task : run.tasks)
        tasks.append(QJsonObject{{QStringLiteral("id"), qint64(task.taskId)},
                                 {QStringLiteral("sample"), task.sample},
                                 {QStringLiteral("engine"), optionalIndex(task.engineId)},
                                 {QStringLiteral("pid"), task.pid},
                                 {QStringLiteral("host"), task.host},
                                 {QStringLiteral("start_us"), task.startUs},
                                 {QStringLiteral("end_us"), task.endUs}});
    for (const FileError &error : run.runErrors)
        runErrors.append(errorToJson(error));
    return {{QStringLiteral("tool"), QJsonObject{{QStringLiteral("name"), QStringLiteral("qualcluster")},
                                                 {QStringLiteral("version"), QStringLiteral(QUALCLUSTER_VERSION)}}},
            {QStringLiteral("run"), QJsonObject{{QStringLiteral("mode"), t.mode},
                                                {QStringLiteral("engines"), t.engines},
                                                {QStringLiteral("startup_seconds"), t.startupSeconds},
                                                {QStringLiteral("wall_seconds"), t.wallSeconds},
                                                {QStringLiteral("serial_seconds"), optionalNumber(t.serialSeconds)},
                                                {QStringLiteral("ideal_seconds"), optionalNumber(t.idealSeconds())},
                                                {QStringLiteral("speedup"), optionalNumber(t.speedup())},
                                                {QStringLiteral("efficiency"), optionalNumber(t.efficiency())}}},
            {QStringLiteral("samples"), samples},
            {QStringLiteral("tasks"), tasks},
            {QStringLiteral("run_errors"), runErrors}};
}

std::optional<QString> writeJsonReport(const RunResult &run, const QString &path, int minQv20)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(runToJson(run, minQv20)).toJson()) < 0 || !file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}

} // namespace qc
