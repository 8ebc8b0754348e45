/* Keeps Wine's desktop process (explorer.exe /desktop) alive while the tests run.
 *
 * Wine 8.0 starts explorer.exe /desktop on demand, when a process first needs the desktop
 * (ffmpeg.exe imports user32), and closes it about a second after the last process using
 * it has exited: during the test suite it was started again every few seconds. When two
 * processes started it at the same moment, both explorers and both framekit.exe processes
 * waited on each other for good (seen in CI: two framekit.exe and two explorer.exe stuck in
 * pipe reads until the CI's time limit). This program takes the desktop once, before the
 * tests, and holds it until scripts/ci/windows.sh ends it (wineserver -k): one explorer
 * for the whole run, none started by the tests. Used only by the CI; never shipped.
 *
 * Build: x86_64-w64-mingw32-gcc -O2 -s -o hold-desktop.exe hold-desktop.c -luser32
 */
#include <windows.h>

int main(void)
{
    /* Connects this process to the desktop, starting explorer.exe /desktop now. */
    if (!GetDesktopWindow())
        return 1;
    Sleep(INFINITE);
    return 0;
}
