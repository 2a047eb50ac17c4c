// How fast the reports are written and what memory that takes: the streamed JSON and CSV beside
// the QJsonDocument tree and concatenated CSV they replaced, on a large run analysed in-process.
// A benchmark, not a test: it measures and prints, and checks nothing but that the bytes agree.
//
// qualcluster-reports [--scale 1,10] [DIR]: DIR is a demo data set (`qualcluster demo-data
// --reads 960 DIR`); without it one is written to a temporary folder. Scale K repeats the
// folders K times, to show that memory stays flat as reads grow.
#include "../core/legacyreports.h"
#include "analysis/sample.h"
#include "demo/demodata.h"
#include "report/csvreport.h"
#include "report/jsonreport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr int kRepeats = 5;
constexpr double kTargetMBps = 300;

qint64 statusKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qsizetype(std::strlen(field))).trimmed().split(' ').first().toLongLong();
    return -1;
}

struct Figure
{
    double seconds = 0; // median of kRepeats
    double best = 0; // the fastest of them, the least disturbed by other work on the machine
    qint64 bytes = 0;
    qint64 peakGrowthKb = 0; // peak RSS above the RSS at the start
    bool ok = false;
};

// Runs `write` kRepeats times in a forked child, whose peak RSS starts from its RSS at the start
// (clear_refs 5 resets VmHWM), so that no figure inherits another's peak. `prepare`, if given,
// runs before each repeat and outside its time.
Figure measure(const std::function<qint64()> &write, const std::function<void()> &prepare = {})
{
    int fds[2];
    if (::pipe(fds) != 0)
        return {};
    std::fflush(stdout);
    ::malloc_trim(0); // or the child would reuse memory the parent freed, and not count it
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(fds[0]);
        QFile clear(QStringLiteral("/proc/self/clear_refs"));
        if (clear.open(QIODevice::WriteOnly))
            clear.write("5");
        clear.close();
        const qint64 startKb = statusKb("VmRSS:");
        Figure figure;
        double times[kRepeats];
        figure.ok = true;
        for (double &time : times) {
            if (prepare)
                prepare();
            QElapsedTimer timer;
            timer.start();
            figure.bytes = write();
            time = double(timer.nsecsElapsed()) / 1e9;
            figure.ok = figure.ok && figure.bytes > 0;
        }
        std::sort(std::begin(times), std::end(times));
        figure.seconds = times[kRepeats / 2];
        figure.best = times[0];
        figure.peakGrowthKb = statusKb("VmHWM:") - startKb;
        [[maybe_unused]] const auto written = ::write(fds[1], &figure, sizeof figure);
        ::_exit(0);
    }
    ::close(fds[1]);
    Figure figure;
    if (::read(fds[0], &figure, sizeof figure) != sizeof figure)
        figure = {};
    ::close(fds[0]);
    ::waitpid(child, nullptr, 0);
    return figure;
}

void print(const char *what, const Figure &f, bool streamed)
{
    if (!f.ok) {
        std::printf("%-58s FAILED\n", what);
        return;
    }
    const double mbps = double(f.bytes) / 1e6 / f.seconds;
    const char *verdict = !streamed ? "(before)"
        : mbps >= kTargetMBps       ? "(target >= 300 MB/s: met)"
                                    : "(target >= 300 MB/s: NOT met)";
    std::printf("%-58s %7.1f MB %7.3f s %5.0f MB/s (best %5.0f)  peak RSS +%6.1f MB  %s\n", what, double(f.bytes) / 1e6,
                f.seconds, mbps, double(f.bytes) / 1e6 / f.best, double(f.peakGrowthKb) / 1024.0, verdict);
}

// Takes every byte and keeps none: the writers' own speed, without a file system's.
class NullDevice : public QIODevice
{
public:
    NullDevice() { open(QIODevice::WriteOnly); }
    qint64 taken = 0;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override
    {
        taken += size;
        return size;
    }
};

qint64 toNull(const QByteArray &bytes)
{
    NullDevice null;
    return null.write(bytes) == bytes.size() ? bytes.size() : -1;
}

qint64 streamToNull(const std::function<bool(QIODevice *)> &write)
{
    NullDevice null;
    return write(&null) ? null.taken : -1;
}

qint64 sizeOf(const QString &path, const std::optional<QString> &error)
{
    return error ? -1 : QFileInfo(path).size();
}

// Every file figure writes a new file, as an export usually does: writing over the last one would
// add what ext4 does then (freeing the old blocks; on truncation or a rename over it, writing the
// new ones back at close), which costs more than the writing itself here.
std::function<void()> removing(const QString &path)
{
    return [path] { QFile::remove(path); };
}

// The file writers' bytes without QSaveFile: no temporary file, no fdatasync, no rename.
qint64 streamToPlainFile(const QString &path, const std::function<bool(QIODevice *)> &write)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && write(&file) && file.flush() ? file.size() : -1;
}

// Whether the report just written to `path` (unless that gave `error`) holds exactly `expected`.
bool savedEquals(const QString &path, const std::optional<QString> &error, const QByteArray &expected)
{
    QFile file(path);
    const bool same = !error && file.open(QIODevice::ReadOnly) && file.readAll() == expected;
    file.remove();
    return same;
}

qc::RunResult analyse(const QString &dir)
{
    QStringList problems;
    const QList<qc::Sample> samples = qc::discoverSamples({dir}, &problems);
    qc::RunAccumulator accumulator(samples);
    for (const qc::AnalysisTask &task : qc::planTasks(samples, 2))
        accumulator.add(qc::runTask(task));
    return accumulator.take({QStringLiteral("serial"), 1, 0, 1.0, std::nullopt});
}

void benchmark(const qc::RunResult &run, const QString &outDir)
{
    qint64 reads = 0;
    for (const qc::SampleResult &sample : run.samples)
        reads += sample.readSummaries.size();
    std::printf("\n%lld folders, %lld reads:\n", qint64(run.samples.size()), reads);

    { // the references are freed before the figures are measured
        const auto verdict = [](bool same) { return same ? "equals" : "DIFFERS FROM"; };
        const QByteArray tree = QJsonDocument(legacy::runToJson(run, qc::kDefaultMinQv20)).toJson();
        const QString checkPath = outDir + QStringLiteral("/check");
        std::printf("streamed JSON %s the tree's bytes\n",
                    verdict(savedEquals(checkPath, qc::writeJsonReport(run, checkPath), tree)));
        // Both through the file writers and in memory (the same writers into a QBuffer).
        const QByteArray positions = legacy::runToCsv(run);
        std::printf("streamed positions CSV %s the concatenation's bytes\n",
                    verdict(savedEquals(checkPath, qc::writeCsvReport(run, checkPath), positions)
                            && qc::runToCsv(run) == positions));
        const QByteArray readRows = legacy::readsToCsv(run);
        std::printf("streamed reads CSV %s the concatenation's bytes\n",
                    verdict(savedEquals(checkPath, qc::writeReadsCsvReport(run, checkPath), readRows)
                            && qc::readsToCsv(run) == readRows));
    }

    print("JSON, tree + toJson (old) -> null device",
          measure([&] { return toNull(QJsonDocument(legacy::runToJson(run, qc::kDefaultMinQv20)).toJson()); }), false);
    print("JSON, streamed -> null device",
          measure([&] { return streamToNull([&](QIODevice *d) { return qc::writeRunJson(d, run); }); }), true);
    const QString plainPath = outDir + QStringLiteral("/plain.json");
    print("JSON, streamed -> QFile (no QSaveFile, no sync)",
          measure([&] { return streamToPlainFile(plainPath, [&](QIODevice *d) { return qc::writeRunJson(d, run); }); },
                  removing(plainPath)),
          true);
    const QString jsonPath = outDir + QStringLiteral("/results.json");
    print("JSON, writeJsonReport -> file",
          measure([&] { return sizeOf(jsonPath, qc::writeJsonReport(run, jsonPath)); }, removing(jsonPath)), true);
    print("positions CSV, concatenated (old) -> null device", measure([&] { return toNull(legacy::runToCsv(run)); }),
          false);
    print("positions CSV, streamed -> null device",
          measure([&] { return streamToNull([&](QIODevice *d) { return qc::writeRunCsv(d, run); }); }), true);
    const QString plainCsvPath = outDir + QStringLiteral("/plain.csv");
    print(
        "positions CSV, streamed -> QFile (no QSaveFile, no sync)",
        measure([&] { return streamToPlainFile(plainCsvPath, [&](QIODevice *d) { return qc::writeRunCsv(d, run); }); },
                removing(plainCsvPath)),
        true);
    const QString positionsPath = outDir + QStringLiteral("/positions.csv");
    print(
        "positions CSV, writeCsvReport -> file",
        measure([&] { return sizeOf(positionsPath, qc::writeCsvReport(run, positionsPath)); }, removing(positionsPath)),
        true);
    print("reads CSV, concatenated (old) -> null device", measure([&] { return toNull(legacy::readsToCsv(run)); }),
          false);
    print("reads CSV, streamed -> null device",
          measure([&] { return streamToNull([&](QIODevice *d) { return qc::writeReadsCsv(d, run); }); }), true);
    print("reads CSV, streamed -> QFile (no QSaveFile, no sync)",
          measure(
              [&] { return streamToPlainFile(plainCsvPath, [&](QIODevice *d) { return qc::writeReadsCsv(d, run); }); },
              removing(plainCsvPath)),
          true);
    const QString readsPath = outDir + QStringLiteral("/reads.csv");
    print("reads CSV, writeReadsCsvReport -> file",
          measure([&] { return sizeOf(readsPath, qc::writeReadsCsvReport(run, readsPath)); }, removing(readsPath)),
          true);
    // What computing the statistics costs, inside the figures above (core/stats, not the writers).
    const Figure histogramStats = measure([&] {
        qint64 rows = 0;
        for (const qc::SampleResult &sample : run.samples)
            rows += qint64(qc::positionStats(sample.histogram).size());
        return rows;
    });
    const Figure allStats = measure([&] {
        qint64 rows = 0;
        for (const qc::SampleResult &sample : run.samples)
            rows += qint64(qc::positionStats(sample.histogram).size() + qc::positionStats(sample.clearHistogram).size())
                + sample.qcSummary().reads;
        return rows;
    });
    std::printf("%-58s %19.3f s\n", "  of which positionStats, in the positions CSV", histogramStats.seconds);
    std::printf("%-58s %19.3f s\n", "  of which statistics and folder QC, in the JSON", allStats.seconds);
}

} // namespace

int main(int argc, char **argv)
{
    QList<int> scales{1, 10};
    QString dir;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg == QStringLiteral("--scale") && i + 1 < argc) {
            scales.clear();
            for (const QString &s : QString::fromLocal8Bit(argv[++i]).split(u','))
                scales.append(s.toInt());
        } else {
            dir = arg;
        }
    }
    QTemporaryDir tmp;
    if (dir.isEmpty()) {
        dir = tmp.filePath(QStringLiteral("large"));
        if (const auto error = qc::writeDemoData(dir, qc::DemoOptions{960})) {
            std::fprintf(stderr, "%s\n", qPrintable(*error));
            return 1;
        }
    }
    QElapsedTimer timer;
    timer.start();
    const qc::RunResult run = analyse(dir);
    std::printf("analysed %s in %.2f s; each figure is the median of %d runs (and the best), each figure in a child "
                "process of its own\n",
                qPrintable(dir), double(timer.elapsed()) / 1000.0, kRepeats);
    for (const int scale : scales) {
        qc::RunResult scaled = run;
        for (int k = 1; k < scale; ++k)
            for (const qc::SampleResult &sample : run.samples)
                scaled.samples.append(sample);
        benchmark(scaled, tmp.path());
    }
    return 0;
}
