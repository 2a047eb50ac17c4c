#include "runresultcodec.h"

#include "protocol/cborfields.h"
#include "protocol/messages.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>

namespace qc {

namespace {

using cbor::field;
using cbor::integer;

QCborArray encodeErrors(const QList<FileError> &errors)
{
    QCborArray array;
    for (const FileError &error : errors)
        array.append(QCborArray{error.file, error.line, error.offset, error.message});
    return array;
}

QList<FileError> decodeErrors(const QCborArray &array)
{
    QList<FileError> errors;
    for (const QCborValue value : array) {
        const QCborArray error = value.toArray();
        errors.append({error[0].toString(), error[1].toInteger(), error[2].toInteger(-1), error[3].toString()});
    }
    return errors;
}

QCborMap encodeSample(const SampleResult &sample)
{
    // The heavy part (histograms, per-read QC, counts, errors) as an engine's result message.
    TaskResult counts;
    counts.sample = sample.sample.name;
    counts.histogram = sample.histogram;
    counts.clearHistogram = sample.clearHistogram;
    counts.readSummaries = sample.readSummaries;
    counts.files = sample.files;
    counts.reads = sample.reads;
    counts.bases = sample.bases;
    counts.errors = sample.errors;
    QCborArray engines;
    for (const EngineRef &engine : sample.engines)
        engines.append(QCborArray{engine.id, engine.pid, engine.host});
    const Sample &folder = sample.sample;
    return QCborMap{{QStringLiteral("name"), folder.name},
                    {QStringLiteral("path"), folder.path},
                    {QStringLiteral("treatment"), folder.treatment},
                    {QStringLiteral("replicate"), folder.replicate},
                    {QStringLiteral("files"), QCborArray::fromStringList(folder.files)},
                    {QStringLiteral("skipped"), folder.skippedFiles},
                    {QStringLiteral("scan_errors"), encodeErrors(folder.scanErrors)},
                    {QStringLiteral("counts"), encode(counts)},
                    {QStringLiteral("engines"), engines},
                    {QStringLiteral("seconds"), sample.seconds}};
}

std::optional<SampleResult> decodeSample(const QCborMap &map)
{
    auto counts = decodeResult(field(map, "counts").toMap());
    if (!counts || !field(map, "path").isString())
        return std::nullopt;
    SampleResult sample;
    sample.sample.name = field(map, "name").toString();
    sample.sample.path = field(map, "path").toString();
    sample.sample.treatment = int(integer(map, "treatment", -1));
    sample.sample.replicate = int(integer(map, "replicate", -1));
    const QCborArray files = field(map, "files").toArray(); // const: a range-for would detach it
    for (const QCborValue file : files)
        sample.sample.files.append(file.toString());
    sample.sample.skippedFiles = int(integer(map, "skipped"));
    sample.sample.scanErrors = decodeErrors(field(map, "scan_errors").toArray());
    sample.histogram = std::move(counts->histogram);
    sample.clearHistogram = std::move(counts->clearHistogram);
    sample.readSummaries = std::move(counts->readSummaries);
    sample.files = counts->files;
    sample.reads = counts->reads;
    sample.bases = counts->bases;
    sample.errors = std::move(counts->errors);
    const QCborArray engines = field(map, "engines").toArray();
    for (const QCborValue value : engines) {
        const QCborArray engine = value.toArray();
        sample.engines.append({int(engine[0].toInteger(-1)), engine[1].toInteger(), engine[2].toString()});
    }
    sample.seconds = field(map, "seconds").toDouble();
    return sample;
}

} // namespace

QByteArray encodeRunResult(const RunResult &run)
{
    QCborMap timing{{QStringLiteral("mode"), run.timing.mode},
                    {QStringLiteral("engines"), run.timing.engines},
                    {QStringLiteral("startup"), run.timing.startupSeconds},
                    {QStringLiteral("wall"), run.timing.wallSeconds}};
    if (run.timing.serialSeconds)
        timing[QStringLiteral("serial")] = *run.timing.serialSeconds;
    QCborArray samples;
    for (const SampleResult &sample : run.samples)
        samples.append(encodeSample(sample));
    QCborArray tasks;
    for (const TaskTiming &task : run.tasks)
        tasks.append(
            QCborArray{qint64(task.taskId), task.sample, task.engineId, task.pid, task.startUs, task.endUs, task.host});
    QCborArray lost;
    for (const EngineLoss &engine : run.lostEngines)
        lost.append(QCborArray{engine.id, engine.pid, engine.host, engine.how});
    const QCborMap map{{QStringLiteral("format"), kRunResultFormat},
                       {QStringLiteral("timing"), timing},
                       {QStringLiteral("samples"), samples},
                       {QStringLiteral("tasks"), tasks},
                       {QStringLiteral("run_errors"), encodeErrors(run.runErrors)},
                       {QStringLiteral("lost_engines"), lost}};
    return qCompress(map.toCborValue().toCbor());
}

std::optional<RunResult> decodeRunResult(QByteArrayView blob)
{
    // qCompress writes the length (4 bytes), then a zlib stream (0x78 first). Anything else is
    // refused here, before qUncompress would warn about it; it gives an empty array for the rest.
    if (blob.size() < 6 || quint8(blob[4]) != 0x78)
        return std::nullopt;
    const QByteArray bytes = qUncompress(reinterpret_cast<const uchar *>(blob.data()), blob.size());
    if (bytes.isEmpty())
        return std::nullopt;
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(bytes, &error);
    const QCborMap map = value.toMap();
    if (error.error != QCborError::NoError || integer(map, "format") != kRunResultFormat)
        return std::nullopt;
    RunResult run;
    const QCborMap timing = field(map, "timing").toMap();
    run.timing.mode = field(timing, "mode").toString();
    run.timing.engines = int(integer(timing, "engines"));
    run.timing.startupSeconds = field(timing, "startup").toDouble();
    run.timing.wallSeconds = field(timing, "wall").toDouble();
    if (field(timing, "serial").isDouble())
        run.timing.serialSeconds = field(timing, "serial").toDouble();
    const QCborArray samples = field(map, "samples").toArray();
    for (const QCborValue sample : samples) {
        auto decoded = decodeSample(sample.toMap());
        if (!decoded)
            return std::nullopt;
        run.samples.append(std::move(*decoded));
    }
    const QCborArray tasks = field(map, "tasks").toArray();
    for (const QCborValue value : tasks) {
        const QCborArray task = value.toArray();
        run.tasks.append({quint64(task[0].toInteger()), task[1].toString(), int(task[2].toInteger(-1)),
                          task[3].toInteger(), task[4].toInteger(), task[5].toInteger(), task[6].toString()});
    }
    run.runErrors = decodeErrors(field(map, "run_errors").toArray());
    const QCborArray lost = field(map, "lost_engines").toArray();
    for (const QCborValue value : lost) {
        const QCborArray engine = value.toArray();
        run.lostEngines.append(
            {int(engine[0].toInteger(-1)), engine[1].toInteger(), engine[2].toString(), engine[3].toString()});
    }
    return run;
}

} // namespace qc
