/* A stand-in bcryptprimitives.dll for Wine 8.0, which lacks it (Wine 9 has its own).
 *
 * Rust's standard library (1.78 and later) fills its random keys (HashMap's RandomState)
 * through ProcessPrng, imported from bcryptprimitives.dll; without the DLL a Rust .exe
 * does not start under Wine 8.0. This forwards ProcessPrng to RtlGenRandom
 * (advapi32's SystemFunction036), which Wine has. Used only by the CI's Wine prefix
 * (scripts/ci/windows.sh); never shipped.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll \
 *          bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* RtlGenRandom takes a ULONG: feed large requests in pieces. */
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    (void)inst; (void)reason; (void)reserved;
    return TRUE;
}
