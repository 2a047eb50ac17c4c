// The reports as they were written before they streamed (a QJsonObject tree, concatenated CSV),
// kept unchanged as the reference that the streamed reports must equal byte for byte.
#pragma once

#include "analysis/runresult.h"
#include "stats/positionstats.h"

#include <QJsonArray>
#include <QJsonObject>

namespace legacy {

using namespace qc;

namespace detail {

inline QJsonValue optionalNumber(std::optional<double> value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

inline QJsonValue optionalIndex(int value)
{
    return value >= 0 ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

inline QJsonObject engineToJson(const EngineRef &engine)
{
    return {{QStringLiteral("id"), optionalIndex(engine.id)},
            {QStringLiteral("pid"), engine.pid},
            {QStringLiteral("host"), engine.host}};
}

inline QJsonArray positionsToJson(const PositionHistogram &histogram)
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

inline QJsonObject errorToJson(const FileError &error)
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
inline QJsonObject readToJson(const ReadSummary &read)
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

inline QJsonObject folderQcToJson(const FolderQc &qc)
{
    return {{QStringLiteral("reads"), qc.reads},
            {QStringLiteral("failed_reads"), qc.failedReads},
            {QStringLiteral("min_qv20"), qc.minQv20},
            {QStringLiteral("median_length"), qc.medianLength},
            {QStringLiteral("median_qv20"), qc.medianQv20},
            {QStringLiteral("median_crl"), qc.medianCrl}};
}

inline QJsonObject sampleToJson(const SampleResult &result, int minQv20)
{
    QJsonArray engines, errors;
    for (const EngineRef &engine : result.engines)
        engines.append(engineToJson(engine));
    for (const FileError &error : result.errors)
        errors.append(errorToJson(error));
    QJsonArray reads;
    for (const ReadSummary &read : result.readSummaries)
        reads.append(readToJson(read));
    return {
        {QStringLiteral("name"), result.sample.name},
        {QStringLiteral("path"), result.sample.path},
        {QStringLiteral("treatment"), optionalIndex(result.sample.treatment)},
        {QStringLiteral("replicate"), optionalIndex(result.sample.replicate)},
        {QStringLiteral("files"), result.files},
        {QStringLiteral("skipped_files"), result.sample.skippedFiles},
        {QStringLiteral("read_count"), result.reads},
        {QStringLiteral("bases"), result.bases},
        {QStringLiteral("qc"), folderQcToJson(result.qcSummary(minQv20))},
        {QStringLiteral("reads"), reads},
        {QStringLiteral("engine"),
         result.engines.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(engineToJson(result.engines.first()))},
        {QStringLiteral("engines"), engines},
        {QStringLiteral("seconds"), result.seconds},
        {QStringLiteral("positions"), positionsToJson(result.histogram)},
        {QStringLiteral("clear_range_positions"), positionsToJson(result.clearHistogram)},
        {QStringLiteral("errors"), errors}};
}

} // namespace detail

inline QJsonObject runToJson(const RunResult &run, int minQv20)
{
    using namespace detail;
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
    return {{QStringLiteral("tool"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("qualcluster")},
                         {QStringLiteral("version"), QStringLiteral(QUALCLUSTER_VERSION)}}},
            {QStringLiteral("run"),
             QJsonObject{{QStringLiteral("mode"), t.mode},
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

namespace detail {

// Quotes a field only when it needs it (RFC 4180).
inline QByteArray csvField(const QString &text)
{
    QByteArray field = text.toUtf8();
    if (!field.contains(',') && !field.contains('"') && !field.contains('\n'))
        return field;
    return '"' + field.replace("\"", "\"\"") + '"';
}

inline QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 10);
}

} // namespace detail

inline QByteArray runToCsv(const RunResult &run)
{
    using namespace detail;
    QByteArray csv = "sample,treatment,replicate,position,count,mean,min,p10,q1,median,q3,p90,max\n";
    for (const SampleResult &sample : run.samples) {
        const QByteArray name = csvField(sample.sample.name);
        const QByteArray treatment =
            sample.sample.treatment >= 0 ? QByteArray::number(sample.sample.treatment) : QByteArray();
        const QByteArray replicate =
            sample.sample.replicate >= 0 ? QByteArray::number(sample.sample.replicate) : QByteArray();
        for (const PositionStats &s : positionStats(sample.histogram)) {
            csv += name + ',' + treatment + ',' + replicate + ',' + QByteArray::number(s.position) + ','
                + QByteArray::number(s.count) + ',' + number(s.mean) + ',' + QByteArray::number(s.min) + ','
                + number(s.p10) + ',' + number(s.q1) + ',' + number(s.median) + ',' + number(s.q3) + ',' + number(s.p90)
                + ',' + QByteArray::number(s.max) + '\n';
        }
    }
    return csv;
}

inline QByteArray readsToCsv(const RunResult &run)
{
    using namespace detail;
    // trim_start and trim_end are 1-based and inclusive, as positions are everywhere else; 0 and 0
    // when the whole read is trimmed away.
    QByteArray csv = "sample,file,name,format,length,mean,qv20,crl,trim_start,trim_end,trimmed_length,trace_score\n";
    for (const SampleResult &sample : run.samples) {
        const QByteArray name = csvField(sample.sample.name);
        for (const ReadSummary &read : sample.readSummaries) {
            const ReadQc &qc = read.qc;
            const bool kept = qc.clear.length() > 0;
            csv += name + ',' + csvField(read.file) + ',' + csvField(read.name) + ',' + csvField(read.format) + ','
                + QByteArray::number(qc.length) + ',' + number(qc.mean) + ',' + QByteArray::number(qc.qv20) + ','
                + QByteArray::number(qc.crl) + ',' + QByteArray::number(kept ? qc.clear.start + 1 : 0) + ','
                + QByteArray::number(kept ? qc.clear.end : 0) + ',' + QByteArray::number(qc.clear.length()) + ','
                + number(qc.traceScore) + '\n';
        }
    }
    return csv;
}

} // namespace legacy
