#include "task.h"

#include "formats/qualityfile.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHostInfo>

#include <chrono>

namespace qc {

namespace {

qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

TaskResult runTask(const AnalysisTask &task)
{
    TaskResult result;
    result.taskId = task.id;
    result.sample = task.sample;
    result.pid = QCoreApplication::applicationPid();
    result.host = QHostInfo::localHostName();
    result.startUs = nowUs();

    ParsedReads reads;
    QByteArray buffer;
    const bool sent = task.payloads.size() == task.files.size();
    for (qsizetype i = 0; i < task.files.size(); ++i) {
        const QString &file = task.files[i];
        std::optional<ReadError> error;
        if (!sent) {
            error = readQualityFile(file, reads, buffer);
        } else if (!task.payloads[i].error.isEmpty()) {
            error = ReadError{0, -1, task.payloads[i].error};
        } else {
            reads.clear();
            error = parseReadData(task.payloads[i].bytes, reads);
        }
        if (error) {
            // Nothing of a rejected file is counted: it is read completely before it is added.
            result.errors.append({file, error->line, error->offset, error->message});
            continue;
        }
        const QString format = QString::fromLatin1(reads.format);
        for (const ReadRecord &read : reads.reads) {
            const auto qualities = reads.qualitiesOf(read);
            result.histogram.addRead(qualities);
            ReadSummary summary{file, QString::fromUtf8(read.name), format, computeReadQc(qualities)};
            if (summary.name.isEmpty())
                summary.name = QFileInfo(file).fileName();
            const ClearRange clear = summary.qc.clear;
            result.clearHistogram.addBasesAt(qualities.subspan(std::size_t(clear.start), std::size_t(clear.length())),
                                             std::size_t(clear.start));
            result.readSummaries.append(std::move(summary));
        }
        ++result.files;
        result.reads += qint64(reads.reads.size());
        result.bases += qint64(reads.qualities.size());
    }
    result.endUs = nowUs();
    return result;
}

void attachPayloads(AnalysisTask &task)
{
    task.payloads.clear();
    QByteArray buffer;
    for (const QString &file : std::as_const(task.files)) {
        if (const auto error = readFileOfReads(file, buffer))
            task.payloads.append({{}, error->message});
        else
            task.payloads.append({buffer, {}});
    }
}

} // namespace qc
