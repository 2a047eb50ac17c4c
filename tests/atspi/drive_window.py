#!/usr/bin/python3
# Drives the real QualCluster window through its accessibility interface (AT-SPI), as a screen
# reader or a keyboard user would. run.sh provides the X display, the D-Bus session and the AT-SPI bus.
import argparse
import os
import re
import subprocess
import sys
import time

import pyatspi

R = pyatspi  # roles and states, shorter
# Rows of tables and lists: named by their content, and walking a table of 10 000 reads over D-Bus
# would take minutes. Name and focus checks stop at the table itself.
ITEM_ROLES = {R.ROLE_TABLE_CELL, R.ROLE_LIST_ITEM, R.ROLE_PAGE_TAB, R.ROLE_MENU_ITEM, R.ROLE_TABLE_ROW_HEADER,
              R.ROLE_TABLE_COLUMN_HEADER, R.ROLE_TREE_ITEM}
VIEW_ROLES = {R.ROLE_TABLE, R.ROLE_TREE, R.ROLE_TREE_TABLE, R.ROLE_LIST}
# What a user operates; fillers and panels only group them.
CONTROL_ROLES = {R.ROLE_PUSH_BUTTON, R.ROLE_TOGGLE_BUTTON, R.ROLE_CHECK_BOX, R.ROLE_RADIO_BUTTON,
                 R.ROLE_COMBO_BOX, R.ROLE_SPIN_BUTTON, R.ROLE_TEXT, R.ROLE_PASSWORD_TEXT, R.ROLE_SLIDER,
                 R.ROLE_PAGE_TAB_LIST} | VIEW_ROLES

KEY = {'Tab': 0xff09, 'Return': 0xff0d, 'Escape': 0xff1b, 'Down': 0xff54, 'space': 0x20}
CTRL, ALT, SHIFT = 1 << 2, 1 << 3, 1 << 0  # X modifier masks

# What a screen reader or keyboard user cannot do, found while the steps go on; the test lists
# them all at the end and fails if there is any.
known_gaps = []


class StepFailed(Exception):
    pass


def gap(message):
    known_gaps.append(message)
    print(f'      GAP: {message}')


def wait_for(what, predicate, timeout=30.0, interval=0.2):
    """Polls until predicate() returns something true, and returns it."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = predicate()
        except Exception:  # an object that went away between two D-Bus calls: look again
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise StepFailed(f'timed out after {timeout:.0f} s waiting for {what}')
        time.sleep(interval)


def walk(acc, into_views=False):
    """Every object below acc, not descending into table and list rows unless asked."""
    for child in acc:
        if child is None:
            continue
        yield child
        if into_views or child.getRole() not in VIEW_ROLES:
            yield from walk(child, into_views)


def find(root, name, role=None):
    for acc in walk(root):
        if acc.name == name and (role is None or acc.getRole() == role):
            return acc
    return None


def find_role(root, role):
    return next((acc for acc in walk(root) if acc.getRole() == role), None)


def has(acc, state):
    return acc.getState().contains(state)


def focused_control(window):
    """The object with keyboard focus: Qt also marks a table's current cell and the current page
    tab as focused, so items count only when nothing else is."""
    focused = [acc for acc in walk(window) if has(acc, R.STATE_FOCUSED)]
    controls = [acc for acc in focused if acc.getRole() not in ITEM_ROLES]
    return (controls or focused or [None])[-1]


def press(key, modifiers=0):
    """A key as the keyboard would send it (the registry injects it into the X server)."""
    if modifiers:
        pyatspi.Registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_LOCKMODIFIERS)
    keysym = KEY[key] if key in KEY else ord(key)  # a letter's keysym is its code
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    if modifiers:
        pyatspi.Registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_UNLOCKMODIFIERS)
    time.sleep(0.15)  # let the window handle it before the next question


def do_action(acc, name='Press'):
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    if name not in names:
        raise StepFailed(f'{acc.getRoleName()} "{acc.name}" offers no "{name}" action, only {names}')
    action.doAction(names.index(name))


def text_of(acc):
    """What a screen reader can read of a label beyond its name; None when nothing."""
    if 'Text' in pyatspi.listInterfaces(acc):
        return acc.queryText().getText(0, -1)
    return acc.description or None


def table_cells(acc):
    table = acc.queryTable()
    header = [table.getColumnDescription(c) for c in range(table.nColumns)]
    rows = [[table.getAccessibleAt(r, c).name for c in range(table.nColumns)] for r in range(table.nRows)]
    return header, rows


def labelled(root, label_text, role):
    """The control a form label names (Qt names a combo box by its current item on Linux and
    keeps the label as a 'labelled by' relation)."""
    for acc in walk(root):
        if acc.getRole() != role:
            continue
        for relation in acc.getRelationSet():
            if relation.getRelationType() == R.RELATION_LABELLED_BY and any(
                    relation.getTarget(i).name == label_text for i in range(relation.getNTargets())):
                return acc
    return None


def dump(root, depth=0):
    """Roles, names and states, for a failure: tables as their size, not their cells."""
    try:
        states = [word for word, state, wanted in (('hidden', R.STATE_SHOWING, False), ('focused', R.STATE_FOCUSED, True),
                                                    ('disabled', R.STATE_ENABLED, False)) if has(root, state) == wanted]
        line = f'{"  " * depth}[{root.getRoleName()}] "{root.name}"'
        if 'Table' in pyatspi.listInterfaces(root):
            line += f' {root.queryTable().nRows}x{root.queryTable().nColumns}'
        print(line + (f' ({", ".join(states)})' if states else ''))
        if root.getRole() not in VIEW_ROLES:
            for child in root:
                if child is not None:
                    dump(child, depth + 1)
    except Exception as error:  # the tree changed under us: say so and go on
        print(f'{"  " * depth}<{error}>')


class Session:
    def __init__(self, args):
        self.args = args
        self.app_process = None
        self.app = None  # the AT-SPI application
        self.window = None  # its main window (frame)
        self.step_number = 0

    def step(self, title, function):
        self.step_number += 1
        print(f'[{self.step_number}] {title}', flush=True)
        start = time.monotonic()
        try:
            function()
        except Exception as error:
            print(f'FAILED at step {self.step_number} ({title}): {error}', flush=True)
            if self.app is not None:
                print('Accessible tree of the app at the failure:')
                for window in self.app:
                    dump(window, 1)
            raise SystemExit(1)
        print(f'    ok ({time.monotonic() - start:.1f} s)', flush=True)

    def dialog(self, title):
        return wait_for(f'the dialog "{title}"', lambda: next(
            (w for w in self.app if w.getRole() == R.ROLE_DIALOG and w.name == title), None), timeout=15)

    def control(self, name, role, root=None):
        acc = find(root or self.window, name, role)
        if acc is None:
            raise StepFailed(f'no {str(role)[5:].lower().replace("_", " ")} named "{name}"')
        return acc

    def status_bar(self):
        return find_role(self.window, R.ROLE_STATUS_BAR).name

    # --- the steps -------------------------------------------------------------------------

    def launch(self):
        log = open(os.path.join(self.args.work, 'app.log'), 'w')
        self.app_process = subprocess.Popen([self.args.app], stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        desktop = pyatspi.Registry.getDesktop(0)
        self.app = wait_for('the window on the accessibility bus', lambda: next(
            (a for a in desktop if a is not None and a.get_process_id() == self.app_process.pid and a.childCount),
            None))
        self.window = wait_for('the main window "QualCluster"', lambda: find(self.app, 'QualCluster', R.ROLE_FRAME))
        print(f'    pid {self.app_process.pid}, {self.window.childCount} top-level parts')

    def focus_window(self):
        # Xvfb has no window manager to give a window the keyboard, when it opens or when a dialog
        # over it closes: a click on its status bar does, as it would for a person.
        if has(self.window, R.STATE_ACTIVE):
            return
        bar = wait_for('the status bar', lambda: find_role(self.window, R.ROLE_STATUS_BAR))
        x, y, width, height = bar.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        pyatspi.Registry.generateMouseEvent(x + width - 5, y + height // 2, 'b1c')
        wait_for('the window to become active', lambda: has(self.window, R.STATE_ACTIVE), timeout=10)

    def check_names(self):
        nameless, containers = [], []
        for acc in walk(self.window):
            if not has(acc, R.STATE_FOCUSABLE) or acc.name.strip() or acc.getRole() in ITEM_ROLES:
                continue
            if acc.parent.getRole() == R.ROLE_COMBO_BOX:
                continue  # a combo box's popup list, spoken as the combo box
            where = ' in '.join(f'{a.getRoleName()} "{a.name}"' for a in (acc.parent, acc.parent.parent) if a.name)
            entry = f'{acc.getRoleName()}{" in " + where if where else ""}'
            (nameless if acc.getRole() in CONTROL_ROLES else containers).append(entry)
        for entry in containers:
            print(f'      note: focusable {entry} has no accessible name (a container, not a control)')
        if nameless:
            raise StepFailed('focusable controls without an accessible name: ' + '; '.join(nameless))
        # Labels given an accessible name speak only that name on Linux with Qt 6.4: their text
        # (the run's summary, the cluster's state) is not there for a screen reader.
        for name in ('Run status', 'Cluster status'):  # Chart status: after the export
            label = find(self.window, name, R.ROLE_LABEL)
            if label is not None and text_of(label) is None:
                gap(f'the label "{name}" exposes its name but not its text')

    def add_folders(self):
        press('o', CTRL)  # File > Add folders…
        dialog = self.dialog('Add folders of reads')
        field = wait_for('the folder field', lambda: find_role(dialog, R.ROLE_TEXT))
        field.queryEditableText().setTextContents(self.args.demo)
        do_action(self.control('Choose', R.ROLE_PUSH_BUTTON, dialog))
        table = self.control('Data folders', R.ROLE_TABLE)
        rows = wait_for('12 folders in the "Data folders" table',
                        lambda: table.queryTable().nRows == 12 and table_cells(table)[1])
        print(f'      folders: {" ".join(row[0] for row in rows)}')
        print(f'      status bar: "{self.status_bar()}"')
        self.focus_window()

    def set_engines(self):
        # The default profile already has 2: going through 3 shows the value really changes.
        spin = self.control('Number of engines', R.ROLE_SPIN_BUTTON)
        for count in (3, 2):
            spin.queryValue().currentValue = count
            wait_for(f'the engine count to read {count}', lambda: spin.queryValue().currentValue == count, timeout=5)

    def check_keyboard(self):
        spin = self.control('Number of engines', R.ROLE_SPIN_BUTTON)
        start = self.control('Start the cluster', R.ROLE_PUSH_BUTTON)
        run = self.control('Run the analysis', R.ROLE_PUSH_BUTTON)
        expect = lambda acc: wait_for(f'focus on "{acc.name}"', lambda: focused_control(self.window) == acc, 5)
        spin.queryComponent().grabFocus()
        expect(spin)
        press('Tab')
        expect(start)
        press('Tab', SHIFT)
        expect(spin)
        # "&Mode:" labels the run mode; Tab from there reaches Run.
        press('m', ALT)
        mode = labelled(self.window, 'Mode:', R.ROLE_COMBO_BOX)
        expect(mode)
        for _ in range(4):
            press('Tab')
            if focused_control(self.window) == run:
                break
        expect(run)
        # The whole chain from Start: does Tab reach Run, or does a control keep it?
        start.queryComponent().grabFocus()
        expect(start)
        path, stuck = [start.name], 0
        for _ in range(40):
            press('Tab')
            now = focused_control(self.window)
            name = now.name if now is not None else '<nothing>'
            stuck = stuck + 1 if name == path[-1] else 0
            if stuck == 0:
                path.append(name)
            if now == run or stuck == 3:
                break
        print(f'      Tab from Start: {" > ".join(path)}')
        if path[-1] != run.name:
            gap(f'Tab from "Start the cluster" does not reach "Run the analysis": "{path[-1]}" keeps it '
                '(a table moves between its cells on Tab; Alt+M then Tab does reach Run)')

    def start_cluster(self):
        start = self.control('Start the cluster', R.ROLE_PUSH_BUTTON)
        start.queryComponent().grabFocus()
        wait_for('focus on Start', lambda: focused_control(self.window) == start, 5)
        press('space')  # a focused button presses with the space bar
        table = self.control('Engines of the selected cluster', R.ROLE_TABLE)

        def two_idle_engines():
            header, rows = table_cells(table)
            idle = len(rows) == 2 and all(row[header.index('State')] == 'idle' for row in rows)
            return (header, rows) if idle else None
        header, rows = wait_for('2 idle engines in the engines table', two_idle_engines, timeout=60)
        self.print_table(header, rows)
        self.engine_pids = [int(row[header.index('PID')]) for row in rows]
        # The last step looks for leftovers in /proc: it must see these engines now.
        running = our_qualcluster_processes(self.args)
        if not set(self.engine_pids) <= set(running):
            raise StepFailed(f'the engines {self.engine_pids} are not among this test\'s processes {sorted(running)}')
        print(f'      processes of this test: ' + '; '.join(f'{pid} {cmd}' for pid, cmd in sorted(running.items())))

    def run(self):
        run = self.control('Run the analysis', R.ROLE_PUSH_BUTTON)
        press('r', CTRL)  # Run > Run
        summary = wait_for('"Done: …" in the status bar', lambda: self.status_bar().startswith('Done:') and self.status_bar(),
                           timeout=self.args.run_timeout)
        label = find(self.window, 'Run status', R.ROLE_LABEL)
        label = label and text_of(label)
        print(f'      summary: "{label or summary}"' + ('' if label else ' (read from the status bar)'))
        if label and not label.startswith('Done:'):
            gap(f'the "Run status" label reads "{label}" after the run, not its summary')
        if not re.match(r'Done: 12 folder\S* in [0-9.]+ s[.,]', label or summary):
            raise StepFailed(f'unexpected summary "{label or summary}"')
        progress = find_role(self.window, R.ROLE_PROGRESS_BAR).queryValue()
        if progress.currentValue != progress.maximumValue:
            raise StepFailed(f'the progress bar shows {progress.currentValue} of {progress.maximumValue}')
        wait_for('Run to be offered again', lambda: has(run, R.STATE_ENABLED), timeout=10)

    def read_engines(self):
        table = self.control('Engines of the selected cluster', R.ROLE_TABLE)
        header, rows = table_cells(table)
        self.print_table(header, rows)
        if [int(row[header.index('PID')]) for row in rows] != self.engine_pids:
            raise StepFailed('the engines are not the two that started')
        done = sum(int(row[header.index('Done')]) for row in rows)
        if done < 12:
            raise StepFailed(f'the engines did {done} tasks; 12 folders need at least 12')
        folders = self.control('Data folders', R.ROLE_TABLE)
        header, rows = table_cells(folders)
        statuses = {row[header.index('Status')] for row in rows}
        if statuses != {'done'}:
            raise StepFailed(f'not every folder is done: {statuses}')
        # The Timing tab says which engine ran each folder: only the two engines of the table.
        header, rows = table_cells(self.control('Engines per folder', R.ROLE_TABLE))
        print(f'      Timing tab, engines per folder: ' +
              ', '.join(f'{row[0]}: {row[header.index("Engine PID(s)")]}' for row in rows))
        ran = {int(pid) for row in rows for pid in re.findall(r'[0-9]+', row[header.index('Engine PID(s)')])}
        if len(rows) != 12 or not ran or not ran <= set(self.engine_pids):
            raise StepFailed(f'the folders ran on {sorted(ran)}, not on the engines {self.engine_pids}')

    def export_charts(self):
        # The Charts tab's Export… offers "every folder and the overlay"; the File menu's "Export all
        # charts…" goes through the platform's folder chooser, which we do not need to test.
        export = self.control('Export charts', R.ROLE_PUSH_BUTTON)
        wait_for('Export… to show', lambda: has(export, R.STATE_SHOWING) and has(export, R.STATE_ENABLED), 10)
        do_action(export)
        dialog = self.dialog('Export charts')
        scope = labelled(dialog, 'Export:', R.ROLE_COMBO_BOX)
        press('e', ALT)  # "&Export:" focuses the scope; Down picks the next choice
        wait_for('focus on the scope', lambda: focused_control(dialog) == scope, 5)
        press('Down')
        wait_for('"Every folder and the overlay"', lambda: scope.name.startswith('Every folder'), 5)
        path = self.control('Save to', R.ROLE_TEXT, dialog)
        path.queryEditableText().setTextContents(self.args.export_dir)
        do_action(self.control('Save the charts', R.ROLE_PUSH_BUTTON, dialog))
        wait_for('the dialog to close', lambda: dialog not in list(self.app), timeout=10)
        self.focus_window()
        def pngs_written():
            pngs = sorted(f for f in os.listdir(self.args.export_dir) if f.endswith('.png'))
            return pngs if len(pngs) == 13 else None
        pngs = wait_for('13 PNG files (12 folders and the overlay)', pngs_written, timeout=30)
        for name in pngs:
            with open(os.path.join(self.args.export_dir, name), 'rb') as file:
                if file.read(8) != b'\x89PNG\r\n\x1a\n' or os.path.getsize(file.name) < 10_000:
                    raise StepFailed(f'{name} is not a whole PNG chart')
        print(f'      {" ".join(pngs)}')
        if 'overlay.png' not in pngs:
            raise StepFailed('no overlay.png')
        # Where the files went, said where the user looks.
        label = find(self.window, 'Chart status', R.ROLE_LABEL)
        said = label and text_of(label)
        print(f'      Chart status: "{said}"')
        if not said:
            gap('the label "Chart status" exposes its name but not its text')
        elif self.args.export_dir not in said:
            raise StepFailed(f'the Chart status does not say where the charts went: "{said}"')

    def close(self):
        self.focus_window()
        press('q', CTRL)  # File > Quit
        try:
            code = self.app_process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            raise StepFailed('the window did not close within 30 s of Ctrl+Q')
        self.app = None
        if code != 0:
            raise StepFailed(f'the app exited with code {code}')

    def check_nothing_left(self):
        listed = subprocess.run([self.args.app, 'cluster', 'list'], capture_output=True, text=True, timeout=30)
        print(f'      qualcluster cluster list: {listed.stdout.strip()}')
        if 'No cluster is running' not in listed.stdout:
            raise StepFailed('a cluster is still listed')
        # The window asks the controller to stop; it and its engines take a moment to exit.
        try:
            wait_for('the controller and the engines to exit', lambda: not our_qualcluster_processes(self.args), 15)
        except StepFailed:
            for pid, command in our_qualcluster_processes(self.args).items():
                print(f'      still running: {pid} {command}')
            raise
        print(f'      engines {self.engine_pids} have exited; no qualcluster process of this test is left')

    @staticmethod
    def print_table(header, rows):
        print('      ' + ' | '.join(header))
        for row in rows:
            print('      ' + ' | '.join(row))


def our_qualcluster_processes(args):
    """PIDs of qualcluster programs started in this test's sandbox (run.sh marks it in the
    environment, which the controller and the engines inherit)."""
    marker = f'QUALCLUSTER_ATSPI_SANDBOX={args.work}'.encode()
    programs = {os.path.realpath(args.app), os.path.realpath(args.engine)}
    found = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            if os.path.realpath(f'/proc/{pid}/exe') not in programs:
                continue
            with open(f'/proc/{pid}/environ', 'rb') as file:
                if marker in file.read().split(b'\0'):
                    found[int(pid)] = open(f'/proc/{pid}/cmdline', 'rb').read().replace(b'\0', b' ').decode()
        except OSError:
            continue  # ended while we looked
    return found


def main():
    parser = argparse.ArgumentParser(description='Drives the QualCluster window through AT-SPI (see run.sh).')
    parser.add_argument('--app', required=True)
    parser.add_argument('--engine', required=True)
    parser.add_argument('--demo', required=True, help='the demo data folder')
    parser.add_argument('--work', required=True, help='the sandbox folder run.sh made')
    parser.add_argument('--export-dir', required=True)
    parser.add_argument('--run-timeout', type=float, default=120)
    args = parser.parse_args()

    session = Session(args)
    try:
        session.step('Open the window and find it on the accessibility bus', session.launch)
        session.step('Give the window the keyboard (a click on its status bar)', session.focus_window)
        session.step('Every focusable control has an accessible name', session.check_names)
        session.step('Add the demo folders: Ctrl+O, type the folder, Choose', session.add_folders)
        session.step('Set the engine count through the spin box\'s value: 3, then 2', session.set_engines)
        session.step('Keyboard: Tab and Shift+Tab between the engine count and Start, Alt+M to Run',
                     session.check_keyboard)
        session.step('Start the cluster: focus Start, press space; wait for 2 idle engines', session.start_cluster)
        session.step('Run: Ctrl+R; read the summary', session.run)
        session.step('Read the engines table and the folders\' status', session.read_engines)
        session.step('Export all charts through the Export dialog', session.export_charts)
        session.step('Close the window: Ctrl+Q', session.close)
        session.step('No cluster, controller or engine is left', session.check_nothing_left)
    finally:
        if session.app_process and session.app_process.poll() is None:
            session.app_process.kill()  # run.sh sweeps up what it started
    if known_gaps:
        print(f'{len(known_gaps)} gap(s) in the window:')
        for message in known_gaps:
            print(f'  - {message}')
        return 1
    print('All steps passed.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
