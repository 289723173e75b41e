/**
 * Generated hostile requests for any gRPC method, from its message descriptors (fast-check): valid,
 * boundary and invalid values of each field's type — huge and empty strings, control and bidi
 * characters, path traversal, malformed resource names and page tokens, NaN/Infinity/-0, integer
 * limits, unknown enum numbers, long lists, nested messages — plus bytes that are not a message at all.
 */
import type { PackageDefinition } from "@grpc/proto-loader";
import fc from "fast-check";

interface Field {
  name: string;
  type: string;
  typeName: string;
  label: string;
}
interface Descriptor {
  field?: Field[];
  value?: { name: string; number: number }[];
}

const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "title\u0000with a NUL",
  "\u202eevil\u202c",
  "\u2066isolate",
  "\u0007\u001b[31m",
  "../../etc/passwd",
  "partners/../../x",
  "partners/",
  "people/ ",
  "reportRequests/%00",
  "a".repeat(100_000),
  "é".repeat(3000),
  "🙂".repeat(2000),
  "\ud800",
  "null",
  "-1",
  "NaN",
  "<script>alert(1)</script>",
  "' OR '1'='1",
  '{"$gt":""}',
  "$where",
  "eyJvZmZzZXQiOi0xfQ",
  "not-a-page-token!",
];

const resourceNames = fc.constantFrom(
  "partners/csp-maidstone",
  "partners/csp-dover",
  "partners/opcc-kent",
  "people/opcc-admin-1",
  "reportRequests/x",
  "meetings/m-1",
  "actions/a-1",
  "assessments/2026",
  "webhookSubscriptions/a",
);

const strings = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
  { weight: 1, arbitrary: resourceNames },
  { weight: 1, arbitrary: resourceNames.map((n) => `${n}/${"x".repeat(300)}`) },
);
const ints = fc.oneof(
  fc.constantFrom(0, -1, 1, 2_147_483_647, -2_147_483_648, 1_000_000),
  fc.integer({ min: -1000, max: 1000 }),
);
const longs = fc.constantFrom("0", "-1", "9223372036854775807", "-9223372036854775808", "253402300800", "1");
const doubles = fc.constantFrom(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  1e308,
  -1e-308,
  0.5,
);

export class HostileMessages {
  constructor(private readonly definition: PackageDefinition) {}

  /** The descriptor of a type named relative to `pkg` (proto-loader names nested types relatively). */
  private lookup(typeName: string, pkg: string): Descriptor | undefined {
    const candidates = [
      `${pkg}.${typeName}`,
      typeName,
      ...Object.keys(this.definition).filter((k) => k.endsWith(`.${typeName}`)),
    ];
    for (const c of candidates) {
      const d = this.definition[c] as { type?: Descriptor } | undefined;
      if (d?.type) return d.type;
    }
    return undefined;
  }

  /** An arbitrary for messages of `type` (a DescriptorProto as proto-loader gives it). */
  message(type: Descriptor, pkg: string, depth = 0): fc.Arbitrary<Record<string, unknown>> {
    const fields = type.field ?? [];
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) {
      const one = this.value(f, pkg, depth);
      record[f.name] =
        f.label === "LABEL_REPEATED"
          ? fc.oneof(fc.array(one, { maxLength: 3 }), fc.array(one, { minLength: 150, maxLength: 200 }))
          : one;
    }
    return fc.record(record, { requiredKeys: [] });
  }

  private value(f: Field, pkg: string, depth: number): fc.Arbitrary<unknown> {
    switch (f.type) {
      case "TYPE_STRING":
        return strings;
      case "TYPE_BOOL":
        return fc.boolean();
      case "TYPE_INT32":
      case "TYPE_SINT32":
      case "TYPE_UINT32":
      case "TYPE_FIXED32":
        return ints;
      case "TYPE_INT64":
      case "TYPE_SINT64":
      case "TYPE_UINT64":
      case "TYPE_FIXED64":
        return longs;
      case "TYPE_DOUBLE":
      case "TYPE_FLOAT":
        return doubles;
      case "TYPE_BYTES":
        return fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a));
      case "TYPE_ENUM": {
        const values = (this.lookup(f.typeName, pkg)?.value ?? []).map((v) => v.name);
        return fc.oneof(fc.constantFrom(...(values.length ? values : [0])), fc.constantFrom(999, -5, 1_000_000));
      }
      case "TYPE_MESSAGE": {
        const nested = this.lookup(f.typeName, pkg);
        if (!nested || depth >= 3) return fc.constant({});
        return this.message(nested, pkg, depth + 1);
      }
      default:
        return fc.constant(undefined);
    }
  }
}

/** Bytes that do not decode as any message: truncated fields, wrong wire types, huge lengths. */
export const GARBAGE = [
  Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), // a length far past the end
  Buffer.from([0x0a, 0x05, 0x61]), // truncated string
  Buffer.from([0x0f]), // wire type 7 does not exist
  Buffer.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), // an 11-byte varint
];
