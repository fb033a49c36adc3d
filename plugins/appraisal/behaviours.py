"""The seven BerAKHLAK core values (perilaku kerja, PermenPAN-RB 6/2022) with their three
guideline behaviours each. The texts are the regulation's own wording, shown as they are in
every language (they are names of values, not interface text)."""
from types import MappingProxyType

BEHAVIOURS = MappingProxyType({
    "berorientasi_pelayanan": ("Berorientasi Pelayanan", (
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    )),
    "akuntabel": ("Akuntabel", (
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas "
        "tinggi",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan "
        "efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    )),
    "kompeten": ("Kompeten", (
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    )),
    "harmonis": ("Harmonis", (
        "Menghargai setiap orang apa pun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    )),
    "loyal": ("Loyal", (
        "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun "
        "1945, setia kepada Negara Kesatuan Republik Indonesia, serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
        "Menjaga rahasia jabatan dan negara",
    )),
    "adaptif": ("Adaptif", (
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    )),
    "kolaboratif": ("Kolaboratif", (
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
    )),
})

# code -> name, for choice fields and formatters.
BEHAVIOUR_NAMES = MappingProxyType({code: name for code, (name, _) in BEHAVIOURS.items()})
