#pragma once

#include <QLabel>

namespace qc {

// A label that reports a state in sentences (the run's summary, the cluster's state). It has a
// fixed accessible name so a screen reader or a test finds it, and its text as the accessible
// description: on Linux, Qt 6.4 gives AT-SPI only the name of a label that has one, not its text.
class StatusLabel : public QLabel
{
    Q_OBJECT
public:
    explicit StatusLabel(const QString &accessibleName, QWidget *parent = nullptr);

    // These hide QLabel's own (which are not virtual) so that every change reaches the description.
    void setText(const QString &text);
    void clear();
};

} // namespace qc
