// SPDX-License-Identifier: GPL-2.0
/*
 * count-plugin.c - a QEMU TCG plugin that counts, per vCPU, the guest
 * instructions executed between two markers and the indirect branches
 * among them.
 *
 * The guest brackets what it measures with two NOPs that compilers never
 * emit (tools/testing/selftests/exclusive_symbols/test_modules/xsym_count.h):
 *
 *	nopl 0x58430001(%rax)	start: counts reset, counting on
 *	nopl 0x58430002(%rax)	stop:  one result line, counting off
 *
 * A NOP carries its tag in the instruction bytes, which is all a plugin of
 * QEMU 7.2 can see: it reads neither registers nor memory.
 *
 * Counted, for the vCPU that executed the start marker:
 *
 *	insns	instructions executed outside interrupts and exceptions,
 *		and outside thunks
 *	ind	indirect calls and jumps: through a register or memory, or
 *		through a retpoline thunk (counted once, on entry, as the one
 *		indirect branch it stands for)
 *	rets	returns: a RET, or an entry into a return thunk
 *	locks	atomic read-modify-writes: LOCK-prefixed, or XCHG with memory
 *	slocks	the same on the stack (%rsp-based), as smp_mb() emits them:
 *		atomics on a line no other CPU shares
 *	thunkins instructions inside the thunks: with call-depth tracking,
 *		a return thunk refills the return stack buffer when its count
 *		underflows, which interrupts cause; kept apart so that insns
 *		does not depend on when interrupts came
 *	irqs	interrupts and exceptions taken
 *	irqins	instructions executed inside them, up to their IRETQ
 *
 * A thunk's own instructions count in thunkins, never as branches.  The
 * guest's thunks and entry points come from a map file, one range per
 * line: "<start> <end> ind|ret|entry|stubs" (hexadecimal, end excluded).
 * An interrupt or exception starts a translation block at the start of an
 * entry range, or anywhere in a stubs range (a table of vector stubs); it
 * ends with the IRETQ that leaves it (not sync_core()'s IRETQ to itself).
 *
 * Arguments: map=FILE (optional), out=FILE (results; default: QEMU's log).
 * Result line: "xcount vcpu=N insns=N ind=N rets=N locks=N slocks=N
 * thunkins=N irqs=N irqins=N".
 *
 * TCG takes interrupts only between translation blocks, so counting a
 * whole block when it starts is exact; blocks holding a marker or an
 * IRETQ are counted instruction by instruction.
 */

#include <errno.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define XC_MARK_START	0x58430001u
#define XC_MARK_STOP	0x58430002u
#define XC_MAX_VCPUS	64
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum xc_kind { XC_IND, XC_RET, XC_ENTRY, XC_STUBS };

struct xc_range {
	uint64_t start, end;
	enum xc_kind kind;
};

struct xc_vcpu {
	int armed;
	unsigned int depth;
	uint64_t insns, ind, rets, locks, slocks, thunkins, irqs, irqins;
};

/* What one instruction is, decided once at translation. */
enum xc_class { XC_PLAIN, XC_BR_IND, XC_BR_RET, XC_LOCKED, XC_LOCKED_STACK,
		XC_START, XC_STOP, XC_IRET };

static struct xc_range *ranges;
static size_t nranges;
static struct xc_vcpu vcpus[XC_MAX_VCPUS];
static FILE *out;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * A translation block's or an instruction's counts, packed into the
 * callback's user data so that nothing is allocated per translation
 * (a block has at most 512 instructions, so 10 bits hold any count):
 * instructions outside thunks, indirect branches, returns, locked
 * instructions, locked instructions on the stack, 1 bit for an
 * interrupt's entry, 3 for the instruction's class, and the instructions
 * inside thunks.
 */
#define XC_PACK(n, ind, ret, lck, slck, entry, cls, tn)			\
	((void *)(uintptr_t)((uint64_t)(n) | (uint64_t)(ind) << 10 |	\
			     (uint64_t)(ret) << 20 |			\
			     (uint64_t)(lck) << 30 |			\
			     (uint64_t)(slck) << 40 |			\
			     (uint64_t)(entry) << 50 |			\
			     (uint64_t)(cls) << 51 |			\
			     (uint64_t)(tn) << 54))
#define XC_FIELD(u, shift, bits) \
	((uint64_t)(uintptr_t)(u) >> (shift) & ((1ull << (bits)) - 1))
#define XC_N(u)		XC_FIELD(u, 0, 10)
#define XC_IND_OF(u)	XC_FIELD(u, 10, 10)
#define XC_RET_OF(u)	XC_FIELD(u, 20, 10)
#define XC_LOCK_OF(u)	XC_FIELD(u, 30, 10)
#define XC_SLOCK_OF(u)	XC_FIELD(u, 40, 10)
#define XC_ENTRY_OF(u)	XC_FIELD(u, 50, 1)
#define XC_CLS_OF(u)	((enum xc_class)XC_FIELD(u, 51, 3))
#define XC_THUNK_OF(u)	XC_FIELD(u, 54, 10)

static const struct xc_range *xc_lookup(uint64_t addr)
{
	size_t lo = 0, hi = nranges;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr < ranges[mid].start)
			hi = mid;
		else if (addr >= ranges[mid].end)
			lo = mid + 1;
		else
			return &ranges[mid];
	}
	return NULL;
}

static int xc_cmp(const void *a, const void *b)
{
	const struct xc_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static const char *const xc_kinds[] = {
	[XC_IND] = "ind", [XC_RET] = "ret", [XC_ENTRY] = "entry",
	[XC_STUBS] = "stubs",
};

static int xc_load_map(const char *path)
{
	unsigned long long s, e;
	char kind[16];
	FILE *f = fopen(path, "r");
	size_t cap = 0, k;

	if (!f) {
		fprintf(stderr, "count-plugin: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fscanf(f, "%llx %llx %15s", &s, &e, kind) == 3) {
		for (k = 0; k < ARRAY_SIZE(xc_kinds); k++)
			if (!strcmp(kind, xc_kinds[k]))
				break;
		if (k == ARRAY_SIZE(xc_kinds)) {
			fprintf(stderr, "count-plugin: %s: unknown kind %s\n",
				path, kind);
			fclose(f);
			return -1;
		}
		if (nranges == cap) {
			cap = cap ? 2 * cap : 64;
			ranges = realloc(ranges, cap * sizeof(*ranges));
			if (!ranges)
				abort();
		}
		ranges[nranges].start = s;
		ranges[nranges].end = e;
		ranges[nranges].kind = k;
		nranges++;
	}
	fclose(f);
	qsort(ranges, nranges, sizeof(*ranges), xc_cmp);
	return 0;
}

static int xc_is_prefix(uint8_t c)
{
	switch (c) {
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
	case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
		return 1;
	default:
		return 0;
	}
}

/*
 * Whether the memory operand of the instruction whose opcode is at @op
 * (one byte, then ModRM) is addressed from %rsp: smp_mb() is a locked add
 * to the stack, an atomic on a line no other CPU shares.
 */
static int xc_on_stack(const uint8_t *op, size_t len, int rexb)
{
	size_t m = op[0] == 0x0f ? 2 : 1;	/* two-byte opcodes: cmpxchg, xadd */

	if (m + 1 >= len || op[m] >> 6 == 3 || (op[m] & 7) != 4)
		return 0;
	return (op[m + 1] & 7) == 4 && !rexb;
}

/* The class of the x86-64 instruction at @pc, from its bytes. */
static enum xc_class xc_classify(const uint8_t *b, size_t len, uint64_t pc)
{
	const struct xc_range *r;
	size_t i = 0;
	uint32_t imm;
	int rexw = 0, rexb = 0, locked = 0;

	/* A thunk's inside: its entry was counted for it. */
	r = xc_lookup(pc);
	if (r && (r->kind == XC_IND || r->kind == XC_RET))
		return XC_PLAIN;

	if (len == 7 && b[0] == 0x0f && b[1] == 0x1f && b[2] == 0x80) {
		memcpy(&imm, b + 3, sizeof(imm));
		if (imm == XC_MARK_START)
			return XC_START;
		if (imm == XC_MARK_STOP)
			return XC_STOP;
	}
	/* Legacy prefixes, then REX. */
	while (i < len && xc_is_prefix(b[i])) {
		if (b[i] == 0xf0)
			locked = 1;
		i++;
	}
	if (i < len && (b[i] & 0xf0) == 0x40) {
		rexw = b[i] & 0x08;
		rexb = b[i] & 0x01;
		i++;
	}
	if (i >= len)
		return XC_PLAIN;
	if (locked)
		return xc_on_stack(b + i, len - i, rexb) ? XC_LOCKED_STACK : XC_LOCKED;
	switch (b[i]) {
	case 0xff:
		if (i + 1 < len) {
			unsigned int reg = b[i + 1] >> 3 & 7;

			/* call, lcall, jmp, ljmp through r/m */
			if (reg >= 2 && reg <= 5)
				return XC_BR_IND;
		}
		return XC_PLAIN;
	case 0xc2: case 0xc3: case 0xca: case 0xcb:
		return XC_BR_RET;
	case 0xcf:
		return rexw ? XC_IRET : XC_BR_RET;
	case 0x86: case 0x87:
		/* XCHG with memory is locked without the prefix. */
		if (i + 1 < len && b[i + 1] >> 6 != 3)
			return xc_on_stack(b + i, len - i, rexb) ?
			       XC_LOCKED_STACK : XC_LOCKED;
		return XC_PLAIN;
	default:
		return XC_PLAIN;
	}
}

static void xc_account(unsigned int cpu, void *udata)
{
	struct xc_vcpu *v = &vcpus[cpu];

	if (XC_ENTRY_OF(udata)) {
		v->depth++;
		v->irqs++;
	}
	if (v->depth) {
		v->irqins += XC_N(udata) + XC_THUNK_OF(udata);
		return;
	}
	v->insns += XC_N(udata);
	v->thunkins += XC_THUNK_OF(udata);
	v->ind += XC_IND_OF(udata);
	v->rets += XC_RET_OF(udata);
	v->locks += XC_LOCK_OF(udata);
	v->slocks += XC_SLOCK_OF(udata);
}

static void xc_result(unsigned int cpu, struct xc_vcpu *v)
{
	char line[256];

	snprintf(line, sizeof(line),
		 "xcount vcpu=%u insns=%llu ind=%llu rets=%llu locks=%llu slocks=%llu thunkins=%llu irqs=%llu irqins=%llu\n",
		 cpu, (unsigned long long)v->insns, (unsigned long long)v->ind,
		 (unsigned long long)v->rets, (unsigned long long)v->locks,
		 (unsigned long long)v->slocks, (unsigned long long)v->thunkins,
		 (unsigned long long)v->irqs, (unsigned long long)v->irqins);
	pthread_mutex_lock(&out_lock);
	if (out) {
		fputs(line, out);
		fflush(out);
	} else {
		qemu_plugin_outs(line);
	}
	pthread_mutex_unlock(&out_lock);
}

static void xc_exec_tb(unsigned int cpu, void *udata)
{
	if (cpu < XC_MAX_VCPUS && vcpus[cpu].armed)
		xc_account(cpu, udata);
}

static void xc_exec_insn(unsigned int cpu, void *udata)
{
	struct xc_vcpu *v;

	if (cpu >= XC_MAX_VCPUS)
		return;
	v = &vcpus[cpu];
	switch (XC_CLS_OF(udata)) {
	case XC_START:
		memset(v, 0, sizeof(*v));
		v->armed = 1;
		return;
	case XC_STOP:
		if (v->armed)
			xc_result(cpu, v);
		v->armed = 0;
		return;
	default:
		break;
	}
	if (!v->armed)
		return;
	xc_account(cpu, udata);
	/* Out of the interrupt once its IRETQ has executed. */
	if (XC_CLS_OF(udata) == XC_IRET && v->depth)
		v->depth--;
}

static int xc_in_thunk(uint64_t pc)
{
	const struct xc_range *r = xc_lookup(pc);

	return r && (r->kind == XC_IND || r->kind == XC_RET);
}

/*
 * sync_core() without SERIALIZE is an IRETQ to the next instruction,
 * from a frame that a "pushq $1f" right before it completes: it leaves
 * nothing.  Other IRETQs leave an interrupt or exception.
 */
static int xc_iret_to_self(struct qemu_plugin_tb *tb, size_t i)
{
	struct qemu_plugin_insn *push = qemu_plugin_tb_get_insn(tb, i - 1);
	struct qemu_plugin_insn *iret = qemu_plugin_tb_get_insn(tb, i);
	const uint8_t *b = qemu_plugin_insn_data(push);
	int32_t imm;

	if (qemu_plugin_insn_size(push) != 5 || b[0] != 0x68)
		return 0;
	memcpy(&imm, b + 1, sizeof(imm));
	return (uint64_t)(int64_t)imm ==
	       qemu_plugin_insn_vaddr(iret) + qemu_plugin_insn_size(iret);
}

static void xc_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i;
	uint64_t pc = qemu_plugin_tb_vaddr(tb);
	const struct xc_range *r = xc_lookup(pc);
	unsigned int ind = 0, ret = 0, lck = 0, slck = 0, entry = 0, special = 0;
	enum xc_class cls[512];
	unsigned char in_thunk[512];
	unsigned int tn = 0;

	/*
	 * Entering a thunk is the branch it stands for; an interrupt enters
	 * at an entry point, or anywhere in a table of vector stubs.
	 */
	if (r && r->start == pc) {
		ind = r->kind == XC_IND;
		ret = r->kind == XC_RET;
		entry = r->kind == XC_ENTRY;
	}
	if (r && r->kind == XC_STUBS)
		entry = 1;
	if (n > 512)
		n = 512;	/* TCG_MAX_INSNS */
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		cls[i] = xc_classify(qemu_plugin_insn_data(insn),
				     qemu_plugin_insn_size(insn),
				     qemu_plugin_insn_vaddr(insn));
		if (cls[i] == XC_IRET && i && xc_iret_to_self(tb, i))
			cls[i] = XC_PLAIN;
		in_thunk[i] = xc_in_thunk(qemu_plugin_insn_vaddr(insn));
		tn += in_thunk[i];
		special |= cls[i] == XC_START || cls[i] == XC_STOP ||
			   cls[i] == XC_IRET;
	}
	if (!special) {
		for (i = 0; i < n; i++) {
			ind += cls[i] == XC_BR_IND;
			ret += cls[i] == XC_BR_RET;
			lck += cls[i] == XC_LOCKED;
			slck += cls[i] == XC_LOCKED_STACK;
		}
		qemu_plugin_register_vcpu_tb_exec_cb(tb, xc_exec_tb,
						     QEMU_PLUGIN_CB_NO_REGS,
						     XC_PACK(n - tn, ind, ret, lck, slck,
							     entry, 0, tn));
		return;
	}
	/* The thunk or entry point's share goes with the first instruction. */
	for (i = 0; i < n; i++) {
		void *u = XC_PACK(!in_thunk[i],
				  (cls[i] == XC_BR_IND) + (i ? 0 : ind),
				  (cls[i] == XC_BR_RET) + (i ? 0 : ret),
				  cls[i] == XC_LOCKED, cls[i] == XC_LOCKED_STACK,
				  i ? 0 : entry, cls[i], in_thunk[i]);

		qemu_plugin_register_vcpu_insn_exec_cb(qemu_plugin_tb_get_insn(tb, i),
						       xc_exec_insn,
						       QEMU_PLUGIN_CB_NO_REGS, u);
	}
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "map=", 4)) {
			if (xc_load_map(argv[i] + 4))
				return -1;
		} else if (!strncmp(argv[i], "out=", 4)) {
			out = fopen(argv[i] + 4, "w");
			if (!out) {
				fprintf(stderr, "count-plugin: %s: %s\n",
					argv[i] + 4, strerror(errno));
				return -1;
			}
		} else {
			fprintf(stderr, "count-plugin: unknown argument %s\n", argv[i]);
			return -1;
		}
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, xc_trans);
	return 0;
}
