#include "csvreport.h"

#include "stats/positionstats.h"

#include <QSaveFile>

namespace qc {

namespace {

// Quotes a field only when it needs it (RFC 4180).
QByteArray csvField(const QString &text)
{
    QByteArray field = text.toUtf8();
    if (!field.contains(',') && !field.contains('"') && !field.contains('\n'))
        return field;
    return '"' + field.replace("\"", "\"\"") + '"';
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 10);
}

} // namespace

QByteArray runToCsv(const RunResult &run)
{
    QByteArray csv = "sample,treatment,replicate,position,count,mean,min,p10,q1,median,q3,p90,max\n";
    for (const SampleResult &sample : run.samples) {
        const QByteArray name = csvField(sample.sample.name);
        const QByteArray treatment = sample.sample.treatment >= 0 ? QByteArray::number(sample.sample.treatment) : QByteArray();
        const QByteArray replicate = sample.sample.replicate >= 0 ? QByteArray::number(sample.sample.replicate) : QByteArray();
        for (const PositionStats &s : positionStats(sample.histogram)) {
            csv += name + ',' + treatment + ',' + replicate + ',' + QByteArray::number(s.position) + ','
                 + QByteArray::number(s.count) + ',' + number(s.mean) + ',' + QByteArray::number(s.min) + ','
                 + number(s.p10) + ',' + number(s.q1) + ',' + number(s.median) + ',' + number(s.q3) + ','
                 + number(s.p90) + ',' + QByteArray::number(s.max) + '\n';
        }
    }
    return csv;
}

QByteArray readsToCsv(const RunResult &run)
{
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

namespace {

std::optional<QString> saveFile(const QByteArray &content, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) < 0 || !file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}

} // namespace

std::optional<QString> writeCsvReport(const RunResult &run, const QString &path)
{
    return saveFile(runToCsv(run), path);
}

std::optional<QString> writeReadsCsvReport(const RunResult &run, const QString &path)
{
    return saveFile(readsToCsv(run), path);
}

} // namespace qc
