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

std::optional<QString> writeCsvReport(const RunResult &run, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(runToCsv(run)) < 0 || !file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}

} // namespace qc
