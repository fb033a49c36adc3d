/**
 * Select2 Indonesian translation.
 *
 * Author: Ibrahim Yusuf <ibrahim7usuf@gmail.com>
 *
 * From select2 3.5.2 (npm select2@3.5.2-browserify, the version Flask-Admin 2.2.1 bundles).
 * Changed here: upstream appended the English plural "s" ("huruf lagis"), which Indonesian does
 * not have, and left the match count and the lookup error in English.
 */
(function ($) {
    "use strict";

    $.fn.select2.locales['id'] = {
        formatMatches: function (matches) { return matches + " hasil tersedia, gunakan tombol atas dan bawah untuk berpindah."; },
        formatNoMatches: function () { return "Tidak ada data yang sesuai"; },
        formatAjaxError: function () { return "Gagal memuat data"; },
        formatInputTooShort: function (input, min) { var n = min - input.length; return "Masukkan " + n + " huruf lagi"; },
        formatInputTooLong: function (input, max) { var n = input.length - max; return "Hapus " + n + " huruf"; },
        formatSelectionTooBig: function (limit) { return "Anda hanya dapat memilih " + limit + " pilihan"; },
        formatLoadMore: function (pageNumber) { return "Mengambil data…"; },
        formatSearching: function () { return "Mencari…"; }
    };

    $.extend($.fn.select2.defaults, $.fn.select2.locales['id']);
})(jQuery);
